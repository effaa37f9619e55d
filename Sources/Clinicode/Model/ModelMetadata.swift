/// Facts about a model file: which engine wrote it and from which inputs.
///
/// It deliberately holds no build date or host name, so building twice from
/// the same Lexicons gives byte-identical files (the staleness test relies on
/// it); the Lexicons fingerprint identifies the inputs instead.
public struct ModelMetadata: Sendable, Hashable {
    /// Layout version of the metadata section itself.
    public static let schemaVersion: UInt32 = 1

    /// The engine version that wrote the model (`ClinicodeVersion.string`).
    /// Stage encodings may change between versions, so a model is only read
    /// by the version that wrote it.
    public var engineVersion: String
    /// A hash of every data file under the Lexicons directory (hex).
    public var lexiconsFingerprint: String
    /// Labels of extra code-system sources compiled in (e.g. a CPT file name).
    public var extraSources: [String]
    /// Number of labelled notes the ranking model was trained on (0 = zero-shot).
    public var trainedNotes: Int

    /// Creates metadata.
    public init(engineVersion: String = ClinicodeVersion.string, lexiconsFingerprint: String,
                extraSources: [String] = [], trainedNotes: Int = 0) {
        self.engineVersion = engineVersion
        self.lexiconsFingerprint = lexiconsFingerprint
        self.extraSources = extraSources
        self.trainedNotes = trainedNotes
    }

    /// Writes the metadata section.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.schemaVersion)
        writer.write(engineVersion)
        writer.write(lexiconsFingerprint)
        writer.write(extraSources)
        writer.write(trainedNotes)
    }

    /// Reads the metadata section; a different schema is reported as an
    /// incompatible model rather than misread.
    public init(from reader: inout BinaryReader, path: String) throws {
        let schema = try reader.readUInt32()
        guard schema == Self.schemaVersion else {
            throw ModelError.incompatibleVersion(path: path, found: schema, supported: Self.schemaVersion)
        }
        engineVersion = try reader.readString()
        lexiconsFingerprint = try reader.readString()
        extraSources = try reader.readStringArray()
        trainedNotes = try reader.readInt()
        guard trainedNotes >= 0 else { throw reader.corrupt("negative trained-note count") }
    }
}

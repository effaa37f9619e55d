import ClinicodeCore
import ClinicodeText

extension Terminology {
    /// Builds the terminology from `Lexicons/`: ICD-10-CM from `icd10cm/`,
    /// word rules and abbreviations from `terminology/`, plus `extraSources`
    /// (a user's CPT file). Errors name the file and line.
    public static func build(
        lexiconsDirectory: String, analyzer: TextAnalyzer, extraSources: [CodeSystemSource] = []
    ) throws -> Terminology {
        let icd = try CodeSystemSource.icd10cm(lexiconsDirectory: lexiconsDirectory)
        let folding = try WordFolding(lexiconsDirectory: lexiconsDirectory)
        var builder = TermIndexBuilder(analyzer: analyzer, folding: folding)
        let table = try AbbreviationTable(lexiconsDirectory: lexiconsDirectory, analyzer: analyzer, builder: &builder)
        return try build(sources: [icd] + extraSources, builder: &builder, abbreviations: table)
    }

    /// Builds a terminology from code-system sources alone, with the given
    /// word rules and no abbreviations (for user systems and tests).
    public static func build(
        sources: [CodeSystemSource], analyzer: TextAnalyzer,
        fillerWords: Set<String> = [], wordVariants: [String: String] = [:]
    ) throws -> Terminology {
        var builder = TermIndexBuilder(analyzer: analyzer, folding: WordFolding(fillers: fillerWords, variants: wordVariants))
        return try build(sources: sources, builder: &builder, abbreviations: AbbreviationTable(entries: []))
    }

    private static func build(
        sources: [CodeSystemSource], builder: inout TermIndexBuilder, abbreviations: AbbreviationTable
    ) throws -> Terminology {
        let table = try CodeTable(sources: sources)
        for index in 0..<table.count {
            switch table.kind(index) {
            case .category, .code:
                builder.addTerm(table.title(index), code: index, billable: table.isBillable(index) || table.needsSeventhCharacter(index), source: .title)
            case .chapter, .block, .seventhCharacter: continue
            }
        }
        for (systemIndex, source) in sources.enumerated() {
            for term in source.terms {
                guard var code = table.find(term.code, system: systemIndex) else {
                    throw TerminologyError.unknownCode(system: source.id.rawValue, code: term.code, context: "term '\(term.text)'")
                }
                // A term naming a 7th-character code names its leaf; the
                // note's wording picks the extension (initial by default).
                if table.kind(code) == .seventhCharacter, let parent = table.parent(code) { code = parent }
                // A manifestation code ("... in diseases classified elsewhere")
                // lists the conditions it holds when another disease causes them:
                // its bare inclusion "Pyelonephritis" (N16) is not what a note's
                // "pyelonephritis" names (N12, the Index's code).
                if term.kind == .inclusion, Self.isManifestationTitle(table.title(code)),
                    !term.text.lowercased().contains("elsewhere")
                {
                    continue
                }
                // A bare inclusion a code holds only in its category's disease
                // ("Polyneuropathy" under A69.22, Lyme disease) needs that disease named too.
                let text = term.kind == .inclusion ? builder.folding.inclusion(term.text, ofCode: term.code) : term.text
                builder.addTerm(text, code: code, billable: table.isBillable(code) || table.needsSeventhCharacter(code), source: term.kind)
            }
        }
        let seventh = SeventhCharacterTable(codes: table, builder: &builder)
        builder.addVariantForms()
        let (vocabulary, index) = builder.finish()
        return Terminology(codes: table, vocabulary: vocabulary, index: index, seventh: seventh, abbreviations: abbreviations)
    }

    /// "Renal tubulo-interstitial disorders in diseases classified elsewhere".
    static func isManifestationTitle(_ title: String) -> Bool {
        let lowered = title.lowercased()
        return lowered.contains(" in ") && lowered.hasSuffix("classified elsewhere")
    }

    /// Writes the terminology as flat arrays for the model's "terminology" section.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        codes.encode(to: &writer)
        vocabulary.encode(to: &writer)
        index.encode(to: &writer)
        seventh.encode(to: &writer)
        abbreviations.encode(to: &writer)
    }

    /// Reads a terminology written by `encode(to:)`; corrupt data throws.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.readUInt32()
        guard version == Self.formatVersion || version == Self.unalignedFormatVersion else {
            throw reader.corrupt("terminology format \(version), expected \(Self.formatVersion): rebuild the model")
        }
        // Format 3 wrote the same tables without alignment padding: still read (by copying them).
        reader.arraysAreAligned = version == Self.formatVersion
        let codes = try CodeTable(from: &reader)
        let vocabulary = try Vocabulary(from: &reader)
        let index = try TermIndex(from: &reader, wordCount: vocabulary.count, codeCount: codes.count)
        let seventh = try SeventhCharacterTable(from: &reader, codeCount: codes.count, wordCount: vocabulary.count)
        let abbreviations = try AbbreviationTable(from: &reader, wordCount: vocabulary.count)
        self.init(codes: codes, vocabulary: vocabulary, index: index, seventh: seventh, abbreviations: abbreviations)
    }
}

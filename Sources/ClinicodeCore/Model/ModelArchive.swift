/// The model file: named binary sections behind a versioned, checksummed
/// table of contents. Each pipeline stage writes and reads its own sections;
/// the archive only guarantees the bytes are whole and from this format.
///
/// Layout (little endian): magic `CLINICODE-MODEL\0` (16 bytes), format
/// version (u32), section count (u32), total file length (u64), then per
/// section a 32-byte NUL-padded name, offset (u64), length (u64) and
/// checksum (u64); section data follows, each aligned to 16 bytes.
public final class ModelArchive: @unchecked Sendable {
    /// The format version this build writes (and reads, besides `laneFreeFormatVersion`).
    public static let formatVersion: UInt32 = 2
    /// The format before sections were checksummed in four lanes
    /// (`checksum(_:lanes:)`): still read, so older model files load.
    static let laneFreeFormatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("CLINICODE-MODEL".utf8) + [0]
    static let nameLength = 32

    struct Entry {
        var name: String
        var offset: Int
        var length: Int
        var checksum: UInt64
    }

    /// Where the archive came from (a path, or a label for in-memory ones).
    public let source: String
    private let owner: AnyObject
    private let bytes: UnsafeRawBufferPointer
    private let entries: [String: Entry]
    /// Whether sections are checksummed in lanes (format 2 on).
    private let lanes: Bool
    /// Section names in file order.
    public let sectionNames: [String]

    /// Memory-maps and validates a model file.
    public convenience init(path: String) throws {
        try self.init(path: path, verifyingChecksums: true)
    }

    /// Memory-maps a model file and validates its layout; its sections'
    /// checksums are checked now, or (`verifyingChecksums` false) left to
    /// `verify(sections:)`, so that threads loading different sections can
    /// each check their own.
    public convenience init(path: String, verifyingChecksums: Bool) throws {
        let file = try MappedFile(path: path)
        try self.init(bytes: file.bytes, owner: file, source: path, verifying: verifyingChecksums)
    }

    /// Validates an archive held in memory.
    public convenience init(serialized: [UInt8], source: String = "<memory>") throws {
        let owned = OwnedBytes(serialized)
        try self.init(bytes: owned.bytes, owner: owned, source: source)
    }

    private init(bytes: UnsafeRawBufferPointer, owner: AnyObject, source: String, verifying: Bool = true) throws {
        self.bytes = bytes
        self.owner = owner
        self.source = source
        let headerSize = Self.magic.count + 16
        guard bytes.count >= Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw ModelError.notAModel(path: source)
        }
        guard bytes.count >= headerSize else {
            throw ModelError.truncated(path: source, detail: "header incomplete")
        }
        var reader = BinaryReader(
            buffer: UnsafeRawBufferPointer(rebasing: bytes[Self.magic.count...]), owner: owner, context: source)
        let version = try reader.readUInt32()
        guard version == Self.formatVersion || version == Self.laneFreeFormatVersion else {
            throw ModelError.incompatibleVersion(path: source, found: version, supported: Self.formatVersion)
        }
        let count = Int(try reader.readUInt32())
        let declaredLength = try reader.readUInt64()
        guard declaredLength == UInt64(bytes.count) else {
            throw ModelError.truncated(path: source, detail: "declares \(declaredLength) bytes, has \(bytes.count)")
        }
        guard count <= 4096 else { throw ModelError.corrupt(path: source, detail: "implausible section count \(count)") }
        let lanes = version != Self.laneFreeFormatVersion
        self.lanes = lanes
        var entries: [String: Entry] = [:]
        var names: [String] = []
        for _ in 0..<count {
            var nameBytes: [UInt8] = []
            for _ in 0..<Self.nameLength { nameBytes.append(try reader.readUInt8()) }
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            let offset = try reader.readUInt64()
            let length = try reader.readUInt64()
            let checksum = try reader.readUInt64()
            guard offset <= UInt64(bytes.count), length <= UInt64(bytes.count) - offset else {
                throw ModelError.truncated(path: source, detail: "section '\(name)' runs past the end")
            }
            let entry = Entry(name: name, offset: Int(offset), length: Int(length), checksum: checksum)
            if verifying { try Self.verify(entry, in: bytes, lanes: lanes, source: source) }
            entries[name] = entry
            names.append(name)
        }
        self.entries = entries
        self.sectionNames = names
    }

    /// Whether the archive has a section.
    public func hasSection(_ name: String) -> Bool { entries[name] != nil }

    /// Checks the checksums of the named sections (those present), in the
    /// order given; throws at the first that does not match.
    public func verify(sections names: [String]) throws {
        for name in names {
            guard let entry = entries[name] else { continue }
            try Self.verify(entry, in: bytes, lanes: lanes, source: source)
        }
    }

    private static func verify(_ entry: Entry, in bytes: UnsafeRawBufferPointer, lanes: Bool, source: String) throws {
        let data = UnsafeRawBufferPointer(rebasing: bytes[entry.offset..<(entry.offset + entry.length)])
        guard checksum(data, lanes: lanes) == entry.checksum else {
            throw ModelError.checksumMismatch(path: source, section: entry.name)
        }
    }

    /// A reader over a section's bytes; throws when it is missing.
    public func section(_ name: String) throws -> BinaryReader {
        guard let entry = entries[name] else { throw ModelError.missingSection(path: source, section: name) }
        let data = UnsafeRawBufferPointer(rebasing: bytes[entry.offset..<(entry.offset + entry.length)])
        return BinaryReader(buffer: data, owner: owner, context: "\(source)#\(name)")
    }

    /// A 64-bit checksum, fast enough to verify a whole model at every
    /// start: FNV-1a over 8-byte words, then the tail bytes. With `lanes`
    /// (format 2), four FNV-1a chains take every fourth word each and are
    /// folded together at the end: one chain waits on its multiply for
    /// every word, four let the processor overlap them (the 30 MB model
    /// took 0.8% of a run over 2,751 notes to check with one chain).
    static func checksum(_ data: UnsafeRawBufferPointer, lanes: Bool = true) -> UInt64 {
        let basis: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        let words = data.count / 8
        var hash = basis
        var index = 0
        if lanes {
            var (lane1, lane2, lane3) = (basis ^ 1, basis ^ 2, basis ^ 3)
            while index + 4 <= words {
                let offset = index * 8
                hash = (hash ^ data.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
                lane1 = (lane1 ^ data.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* prime
                lane2 = (lane2 ^ data.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* prime
                lane3 = (lane3 ^ data.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* prime
                index += 4
            }
            hash = (((hash ^ lane1) &* prime ^ lane2) &* prime ^ lane3) &* prime
        }
        while index < words {
            hash = (hash ^ data.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* prime
            index += 1
        }
        var offset = words * 8
        while offset < data.count {
            hash = (hash ^ UInt64(data[offset])) &* prime
            offset += 1
        }
        return hash
    }
}

/// Collects named sections and writes them as a `ModelArchive`.
public struct ModelArchiveBuilder: Sendable {
    private var sections: [(name: String, bytes: [UInt8])] = []

    /// Creates an empty builder.
    public init() {}

    /// Adds (or replaces) a section. Names are at most 31 UTF-8 bytes.
    public mutating func add(section name: String, _ bytes: [UInt8]) {
        precondition(name.utf8.count < ModelArchive.nameLength && !name.isEmpty, "bad section name")
        sections.removeAll { $0.name == name }
        sections.append((name, bytes))
    }

    /// The archive's bytes.
    public func serialized() -> [UInt8] {
        let tableSize = sections.count * (ModelArchive.nameLength + 24)
        let headerSize = ModelArchive.magic.count + 16 + tableSize
        var offsets: [Int] = []
        var cursor = (headerSize + 15) & ~15
        for section in sections {
            offsets.append(cursor)
            cursor = (cursor + section.bytes.count + 15) & ~15
        }
        let total = cursor
        var writer = BinaryWriter()
        for byte in ModelArchive.magic { writer.write(byte) }
        writer.write(ModelArchive.formatVersion)
        writer.write(UInt32(sections.count))
        writer.write(UInt64(total))
        for (index, section) in sections.enumerated() {
            var name = Array(section.name.utf8)
            name += [UInt8](repeating: 0, count: ModelArchive.nameLength - name.count)
            for byte in name { writer.write(byte) }
            writer.write(UInt64(offsets[index]))
            writer.write(UInt64(section.bytes.count))
            let sum = section.bytes.withUnsafeBytes { ModelArchive.checksum($0) }
            writer.write(sum)
        }
        var output = writer.bytes
        for (index, section) in sections.enumerated() {
            output += [UInt8](repeating: 0, count: offsets[index] - output.count)
            output += section.bytes
        }
        output += [UInt8](repeating: 0, count: total - output.count)
        return output
    }
}

import Foundation

extension ModelArchiveBuilder {
    /// Writes the archive to a file atomically (a reader never sees half a model).
    public func write(toPath path: String) throws {
        let data = Data(serialized())
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

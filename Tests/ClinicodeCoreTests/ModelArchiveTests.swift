import ClinicodeCore
import Foundation
import Testing

@Suite("Model archive and binary coding")
struct ModelArchiveTests {
    /// A section exercising every writer method.
    private static func sampleSection() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(UInt8(7))
        writer.write(UInt32(0xDEAD_BEEF))
        writer.write(UInt64.max)
        writer.write(-42)
        writer.write(3.25 as Double)
        writer.write(Float(1.5))
        writer.write(true)
        writer.write("Ménière 🫀")
        writer.write(bytes: [1, 2, 3])
        writer.write(bytes: [9, 8])
        writer.write([UInt32(1), 2, 0xFFFF_FFFF])
        writer.write([Float(0.5), -2])
        writer.write(["a", "", "ß"])
        return writer.bytes
    }

    private static func sampleArchive() -> [UInt8] {
        var builder = ModelArchiveBuilder()
        builder.add(section: "alpha", sampleSection())
        builder.add(section: "empty", [])
        builder.add(section: "beta", Array("beta bytes".utf8))
        return builder.serialized()
    }

    /// Offset of section `index`'s data, from the table of contents.
    private static func dataOffset(of index: Int, in bytes: [UInt8]) -> Int {
        let entry = 32 + index * 56 + 32
        var offset = 0
        for byte in bytes[entry..<(entry + 8)].reversed() { offset = offset << 8 | Int(byte) }
        return offset
    }

    @Test func roundTrip() throws {
        let archive = try ModelArchive(serialized: Self.sampleArchive(), source: "mem")
        #expect(archive.sectionNames == ["alpha", "empty", "beta"])
        #expect(archive.hasSection("alpha") && !archive.hasSection("gamma"))
        var reader = try archive.section("alpha")
        #expect(try reader.readUInt8() == 7)
        #expect(try reader.readUInt32() == 0xDEAD_BEEF)
        #expect(try reader.readUInt64() == UInt64.max)
        #expect(try reader.readInt() == -42)
        #expect(try reader.readDouble() == 3.25)
        #expect(try reader.readFloat() == 1.5)
        #expect(try reader.readBool() == true)
        #expect(try reader.readString() == "Ménière 🫀")
        #expect(try reader.readBytes() == [1, 2, 3])
        #expect(Array(try reader.readBytesView()) == [9, 8])
        #expect(try reader.readUInt32Array() == [1, 2, 0xFFFF_FFFF])
        #expect(try reader.readFloatArray() == [0.5, -2])
        #expect(try reader.readStringArray() == ["a", "", "ß"])
        #expect(reader.isAtEnd)
        #expect(reader.remaining == 0)
        var empty = try archive.section("empty")
        #expect(empty.isAtEnd)
        #expect(throws: ModelError.truncated(path: "mem#empty", detail: "needs 1 bytes at offset 0, has 0")) {
            try empty.readUInt8()
        }
        var beta = try archive.section("beta")
        var text: [UInt8] = []
        while !beta.isAtEnd { text.append(try beta.readUInt8()) }
        #expect(String(decoding: text, as: UTF8.self) == "beta bytes")
        #expect(throws: ModelError.missingSection(path: "mem", section: "gamma")) { try archive.section("gamma") }
    }

    @Test func addingASectionTwiceReplacesIt() throws {
        var builder = ModelArchiveBuilder()
        builder.add(section: "x", [1])
        builder.add(section: "y", [2])
        builder.add(section: "x", [3, 4])
        let archive = try ModelArchive(serialized: builder.serialized())
        #expect(archive.sectionNames == ["y", "x"])
        var reader = try archive.section("x")
        #expect(try reader.readUInt8() == 3)
        #expect(reader.remaining == 1)
    }

    @Test func sectionsAreAlignedTo16Bytes() {
        let bytes = Self.sampleArchive()
        for index in 0..<3 { #expect(Self.dataOffset(of: index, in: bytes) % 16 == 0) }
        #expect(bytes.count % 16 == 0)
    }

    @Test func fileRoundTripAndMissingFile() throws {
        let path = NSTemporaryDirectory() + "clinicode-archive-\(UUID().uuidString).model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var builder = ModelArchiveBuilder()
        builder.add(section: "alpha", Self.sampleSection())
        try builder.write(toPath: path)
        let archive = try ModelArchive(path: path)
        #expect(archive.source == path)
        var reader = try archive.section("alpha")
        #expect(try reader.readUInt8() == 7)
        #expect(throws: ModelError.unreadable(path: path + ".missing", reason: "No such file or directory")) {
            try ModelArchive(path: path + ".missing")
        }
    }

    @Test func truncatedFile() throws {
        let bytes = Self.sampleArchive()
        #expect(throws: ModelError.truncated(path: "t", detail: "declares \(bytes.count) bytes, has \(bytes.count - 1)")) {
            try ModelArchive(serialized: Array(bytes.dropLast()), source: "t")
        }
        #expect(throws: ModelError.truncated(path: "t", detail: "header incomplete")) {
            try ModelArchive(serialized: Array(bytes.prefix(20)), source: "t")
        }
        #expect(throws: ModelError.notAModel(path: "t")) {
            try ModelArchive(serialized: Array(bytes.prefix(10)), source: "t")
        }
        #expect(throws: ModelError.notAModel(path: "t")) { try ModelArchive(serialized: [], source: "t") }
    }

    @Test func wrongMagic() {
        var bytes = Self.sampleArchive()
        bytes[0] ^= 0xFF
        #expect(throws: ModelError.notAModel(path: "m")) { try ModelArchive(serialized: bytes, source: "m") }
        #expect(ModelError.notAModel(path: "m").description.contains("'m' is not a Clinicode model"))
    }

    @Test func versionMismatch() {
        var bytes = Self.sampleArchive()
        bytes[16] = 99
        let expected = ModelError.incompatibleVersion(path: "v", found: 99, supported: ModelArchive.formatVersion)
        #expect(throws: expected) { try ModelArchive(serialized: bytes, source: "v") }
        #expect(expected.description.contains("build-model"))
    }

    @Test func flippedByteFailsTheChecksum() {
        var bytes = Self.sampleArchive()
        bytes[Self.dataOffset(of: 2, in: bytes) + 3] ^= 0x01  // inside "beta"
        #expect(throws: ModelError.checksumMismatch(path: "c", section: "beta")) {
            try ModelArchive(serialized: bytes, source: "c")
        }
        var first = Self.sampleArchive()
        first[Self.dataOffset(of: 0, in: first)] ^= 0x80  // first byte of "alpha"
        #expect(throws: ModelError.checksumMismatch(path: "c", section: "alpha")) {
            try ModelArchive(serialized: first, source: "c")
        }
    }

    /// A section long enough for every checksum lane and the tail: a flip in
    /// any lane's word, or in the tail, is caught.
    @Test func flippedByteInAnyLaneFailsTheChecksum() throws {
        var builder = ModelArchiveBuilder()
        builder.add(section: "long", (0..<77).map { UInt8($0) })
        let clean = builder.serialized()
        _ = try ModelArchive(serialized: clean, source: "ok")
        for offset in [0, 9, 18, 27, 40, 70, 76] {
            var bytes = clean
            bytes[Self.dataOffset(of: 0, in: bytes) + offset] ^= 0x04
            #expect(throws: ModelError.checksumMismatch(path: "l", section: "long")) {
                try ModelArchive(serialized: bytes, source: "l")
            }
        }
    }

    /// A format-1 file (one checksum chain) still loads; its checksum is not
    /// the format-2 one, so the version decides which is checked.
    @Test func formatOneFilesStillLoad() throws {
        var builder = ModelArchiveBuilder()
        let data = (0..<77).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        builder.add(section: "long", data)
        var bytes = builder.serialized()
        let sumOffset = 32 + 48
        // Format 1's checksum: one FNV-1a chain over little-endian 8-byte words, then the tail bytes.
        var laneFree: UInt64 = 0xcbf2_9ce4_8422_2325
        for start in stride(from: 0, to: data.count - data.count % 8, by: 8) {
            let word = data[start..<(start + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            laneFree = (laneFree ^ word) &* 0x0000_0100_0000_01b3
        }
        for byte in data.suffix(data.count % 8) { laneFree = (laneFree ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        #expect(Array(bytes[sumOffset..<(sumOffset + 8)]) != (0..<8).map { UInt8(truncatingIfNeeded: laneFree >> (8 * UInt64($0))) })
        bytes[16] = 1
        #expect(throws: ModelError.checksumMismatch(path: "v1", section: "long")) {
            try ModelArchive(serialized: bytes, source: "v1")
        }
        for index in 0..<8 { bytes[sumOffset + index] = UInt8(truncatingIfNeeded: laneFree >> (8 * UInt64(index))) }
        let archive = try ModelArchive(serialized: bytes, source: "v1")
        var reader = try archive.section("long")
        #expect(try reader.readUInt8() == 0 && reader.remaining == 76)
    }

    @Test func sectionRunningPastTheEnd() {
        var bytes = Self.sampleArchive()
        // Section 0's length field: make it huge.
        let lengthField = 32 + 32 + 8
        for index in 0..<8 { bytes[lengthField + index] = 0x7F }
        #expect(throws: ModelError.truncated(path: "p", detail: "section 'alpha' runs past the end")) {
            try ModelArchive(serialized: bytes, source: "p")
        }
    }

    /// An archive whose only section holds `payload`, and a reader over it.
    private func reader(over payload: [UInt8]) throws -> BinaryReader {
        var builder = ModelArchiveBuilder()
        builder.add(section: "s", payload)
        return try ModelArchive(serialized: builder.serialized(), source: "r").section("s")
    }

    @Test func readerBoundsErrors() throws {
        var short = try reader(over: [1, 2, 3])
        #expect(throws: ModelError.truncated(path: "r#s", detail: "needs 4 bytes at offset 0, has 3")) {
            try short.readUInt32()
        }
        #expect(short.position == 0)  // a failed read consumes nothing
        #expect(try short.readUInt8() == 1)

        // A string announcing 5 bytes with 2 present.
        var string = try reader(over: [5, 0, 0, 0, 0x61, 0x62])
        #expect(throws: ModelError.truncated(path: "r#s", detail: "needs 5 bytes at offset 4, has 2")) {
            try string.readString()
        }

        // Counts beyond the remaining data fail fast as corrupt, without allocating.
        var count = BinaryWriter()
        count.write(UInt64(1) << 40)
        var bytes = try reader(over: count.bytes)
        #expect(throws: ModelError.corrupt(path: "r#s", detail: "count 1099511627776 exceeds the data at offset 8")) {
            try bytes.readBytes()
        }
        var strings = try reader(over: count.bytes)
        #expect(throws: ModelError.self) { try strings.readStringArray() }
        var integers = try reader(over: count.bytes + [0, 0, 0, 0])
        #expect(throws: ModelError.self) { try integers.readUInt32Array() }
        #expect(try reader(over: []).corrupt("x") == ModelError.corrupt(path: "r#s", detail: "x"))
    }

    @Test func alignedArraysAreReadInPlace() throws {
        var writer = BinaryWriter()
        writer.write(UInt8(7))  // throws the next array off 4-byte alignment without padding
        writer.write(aligned: [1, 2, 0xFFFF_FFFF] as [UInt32])
        writer.write(aligned: [] as [UInt32])
        writer.write(UInt8(9))
        var reader = try reader(over: writer.bytes)
        #expect(try reader.readUInt8() == 7)
        let values = try reader.readAlignedArrayView(elementSize: 4, alignment: 4)
        #expect(Int(bitPattern: values.baseAddress!) % 4 == 0)
        #expect((0..<3).map { values.load(fromByteOffset: $0 * 4, as: UInt32.self) } == [1, 2, 0xFFFF_FFFF])
        #expect(try reader.readAlignedArrayView(elementSize: 4, alignment: 4).isEmpty)
        #expect(try reader.readUInt8() == 9)
        #expect(reader.isAtEnd)
        #expect(reader.bytesOwner != nil)
    }
}

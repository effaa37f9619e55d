import ClinicodeCore

/// Many strings stored as one UTF-8 blob plus offsets: loads with two array
/// copies instead of one allocation per string.
struct StringTable: Sendable {
    private(set) var bytes: [UInt8] = []
    /// `offsets[i]..<offsets[i + 1]` are string `i`'s bytes.
    private(set) var offsets: [UInt32] = [0]

    init() {}

    var count: Int { offsets.count - 1 }

    /// Appends a string and returns its index.
    @discardableResult
    mutating func append(_ value: String) -> Int {
        bytes.append(contentsOf: value.utf8)
        offsets.append(UInt32(bytes.count))
        return count - 1
    }

    subscript(index: Int) -> String {
        let range = Int(offsets[index])..<Int(offsets[index + 1])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Whether string `index` has exactly these bytes.
    func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[index])
        let end = Int(offsets[index + 1])
        guard end - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < key.count {
                if buffer[start + offset] != key[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(bytes: bytes)
        writer.write(offsets)
    }

    init(from reader: inout BinaryReader) throws {
        bytes = try reader.readBytes()
        offsets = try reader.readUInt32Array()
        guard let last = offsets.last, Int(last) == bytes.count else {
            throw reader.corrupt("string table offsets do not match its bytes")
        }
        var previous: UInt32 = 0
        for offset in offsets {
            guard offset >= previous else { throw reader.corrupt("string table offsets decrease") }
            previous = offset
        }
    }
}

/// Compressed rows: row `i` is `values[starts[i]..<starts[i + 1]]`.
struct CompressedRows: Sendable {
    private(set) var starts: [UInt32] = [0]
    private(set) var values: [UInt32] = []

    init() {}

    var count: Int { starts.count - 1 }

    mutating func append<S: Sequence>(row: S) where S.Element == UInt32 {
        values.append(contentsOf: row)
        starts.append(UInt32(values.count))
    }

    @inline(__always)
    func range(_ row: Int) -> Range<Int> { Int(starts[row])..<Int(starts[row + 1]) }

    @inline(__always)
    subscript(row: Int) -> ArraySlice<UInt32> { values[range(row)] }

    func encode(to writer: inout BinaryWriter) {
        writer.write(starts)
        writer.write(values)
    }

    init(from reader: inout BinaryReader, valueLimit: Int?) throws {
        starts = try reader.readUInt32Array()
        values = try reader.readUInt32Array()
        guard starts.first == 0, Int(starts.last ?? 1) == values.count else {
            throw reader.corrupt("row starts do not match the values")
        }
        var previous: UInt32 = 0
        for start in starts {
            guard start >= previous else { throw reader.corrupt("row starts decrease") }
            previous = start
        }
        if let valueLimit {
            for value in values where Int(value) >= valueLimit { throw reader.corrupt("row value \(value) out of range") }
        }
    }
}

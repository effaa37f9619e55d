import ClinicodeCore

/// Many strings stored as one UTF-8 blob plus offsets: loads as two views
/// of the model (`TableArray`) instead of one allocation per string.
struct StringTable: Sendable {
    private(set) var bytes = TableArray<UInt8>()
    /// `offsets[i]..<offsets[i + 1]` are string `i`'s bytes.
    private(set) var offsets = TableArray<UInt32>([0])

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

    /// The length of string `index` in bytes.
    @inline(__always)
    func length(_ index: Int) -> Int { Int(offsets[index + 1]) - Int(offsets[index]) }

    /// Runs `body` over string `index`'s bytes, in place.
    @inline(__always)
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let range = Int(offsets[index])..<Int(offsets[index + 1])
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
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
        writer.write(bytes: bytes.elements)
        writer.write(aligned: offsets.elements)
    }

    init(from reader: inout BinaryReader) throws {
        bytes = try reader.readByteTable()
        offsets = try reader.readUInt32Table()
        guard let last = offsets.last, Int(last) == bytes.count else {
            throw reader.corrupt("string table offsets do not match its bytes")
        }
        guard offsets.isNondecreasing else { throw reader.corrupt("string table offsets decrease") }
    }
}

/// Compressed rows: row `i` is `values[starts[i]..<starts[i + 1]]`.
struct CompressedRows: Sendable {
    private(set) var starts = TableArray<UInt32>([0])
    private(set) var values = TableArray<UInt32>()

    init() {}

    var count: Int { starts.count - 1 }

    mutating func append<S: Sequence>(row: S) where S.Element == UInt32 {
        values.append(contentsOf: row)
        starts.append(UInt32(values.count))
    }

    @inline(__always)
    func range(_ row: Int) -> Range<Int> { Int(starts[row])..<Int(starts[row + 1]) }

    @inline(__always)
    subscript(row: Int) -> Slice<TableArray<UInt32>> { values[range(row)] }

    func encode(to writer: inout BinaryWriter) {
        writer.write(aligned: starts.elements)
        writer.write(aligned: values.elements)
    }

    /// Reads rows written by `encode(to:)`; with `valueLimit`, every value must be below it.
    init(from reader: inout BinaryReader, valueLimit: Int?) throws {
        starts = try reader.readUInt32Table()
        values = try reader.readUInt32Table()
        guard starts.first == 0, Int(starts.last ?? 1) == values.count else {
            throw reader.corrupt("row starts do not match the values")
        }
        guard starts.isNondecreasing else { throw reader.corrupt("row starts decrease") }
        if let valueLimit {
            let largest = values.largest
            if Int(largest) >= valueLimit { throw reader.corrupt("row value \(largest) out of range") }
        }
    }
}

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

/// An open-addressing hash table over a `StringTable`'s strings, stored as a
/// flat slot array so loading needs no rehashing and no dictionary.
struct HashSlots: Sendable {
    /// Power-of-two count; 0 = empty, otherwise string index + 1.
    private(set) var slots: [UInt32]

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// Indexes every string of `table` (duplicates are all kept).
    init(indexing table: StringTable) {
        var capacity = 16
        while capacity < table.count * 2 { capacity <<= 1 }
        var slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        table.bytes.withUnsafeBufferPointer { bytes in
            for index in 0..<table.count {
                let key = UnsafeBufferPointer(rebasing: bytes[Int(table.offsets[index])..<Int(table.offsets[index + 1])])
                var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt32(index + 1)
            }
        }
        self.slots = slots
    }

    /// The string equal to `key` (the hot path: no filter, raw buffers).
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, in table: StringTable) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        return slots.withUnsafeBufferPointer { slots in
            table.offsets.withUnsafeBufferPointer { offsets in
                table.bytes.withUnsafeBufferPointer { bytes in
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        let index = Int(entry) - 1
                        let start = Int(offsets[index])
                        let end = Int(offsets[index + 1])
                        if end - start == key.count {
                            var offset = 0
                            while offset < key.count, bytes[start + offset] == key[offset] { offset += 1 }
                            if offset == key.count { return index }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// The first string equal to `key` that `accept` approves.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, in table: StringTable, accept: (Int) -> Bool) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let index = Int(entry) - 1
            if table.equals(index, key), accept(index) { return index }
            slot = (slot + 1) & mask
        }
    }

    /// The first string equal to `key` that `accept` approves.
    func find(_ key: String, in table: StringTable, accept: (Int) -> Bool = { _ in true }) -> Int? {
        var key = key
        return key.withUTF8 { find($0, in: table, accept: accept) }
    }

    /// The string equal to `key`.
    func find(_ key: String, in table: StringTable) -> Int? {
        var key = key
        return key.withUTF8 { find($0, in: table) }
    }

    func encode(to writer: inout BinaryWriter) { writer.write(slots) }

    init(from reader: inout BinaryReader, tableCount: Int) throws {
        slots = try reader.readUInt32Array()
        guard slots.count >= 1, slots.count & (slots.count - 1) == 0, slots.count > tableCount else {
            throw reader.corrupt("hash table size \(slots.count) is not a power of two above \(tableCount)")
        }
        var empty = 0
        for entry in slots {
            if Int(entry) > tableCount { throw reader.corrupt("hash slot points past the table") }
            if entry == 0 { empty += 1 }
        }
        // Probing stops at an empty slot; a table without one would never end.
        guard empty > 0 else { throw reader.corrupt("hash table has no empty slot") }
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

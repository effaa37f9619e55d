import ClinicodeCore

/// An open-addressing table from the strings of a `StringTable` (the codes)
/// to their indices, each 12-byte slot holding the string itself when it
/// has at most eight bytes (every ICD-10-CM code, "S72.001A" included):
/// a look-up of such a code reads one slot. The ranker turns every code
/// reference of every mention back into a code id, and the table this
/// replaces read a slot, then the string's offsets, then its bytes: three
/// cache misses per look-up, after an FNV hash of one multiply per byte.
///
/// A longer string's slot holds a hash of it instead, and a look-up that
/// matches it compares the table's bytes. Equal strings are all kept, in
/// index order, so a key's walk meets them lowest index first. Stored in
/// the model, so loading builds nothing (building it touched a slot at
/// random per code, a cache miss each).
struct CodeSlots: Sendable {
    /// Three values per slot: the key's low and high 32 bits, then the
    /// string's index and its length in bytes (capped at 255) as
    /// `index | length << 24` (length 0 marks an empty slot).
    private let slots: TableArray<UInt32>
    private let mask: Int

    /// The longest string a slot holds itself.
    static let inlineBytes = 8
    /// The largest share of slots used: at 0.8 the default model's table
    /// is 1.5 MB, about what it was, so loading costs what it did.
    static let load = 0.8
    /// Strings a table can hold (the index has 24 bits).
    static let indexLimit = 1 << 24

    /// Indexes every non-empty string of `table` (of fewer than `indexLimit`).
    init(indexing table: StringTable) {
        precondition(table.count < Self.indexLimit, "\(table.count) codes exceed the code table's limit")
        var capacity = 16
        while Double(capacity) * Self.load < Double(table.count) + 1 { capacity <<= 1 }
        var slots = [UInt32](repeating: 0, count: capacity * 3)
        let mask = capacity - 1
        table.bytes.withUnsafeBufferPointer { bytes in
            for index in 0..<table.count {
                let key = UnsafeBufferPointer(rebasing: bytes[Int(table.offsets[index])..<Int(table.offsets[index + 1])])
                guard !key.isEmpty else { continue }
                let packed = Self.key(key)
                var slot = Self.home(packed, mask: mask)
                while slots[slot * 3 + 2] != 0 { slot = (slot + 1) & mask }
                slots[slot * 3] = UInt32(truncatingIfNeeded: packed)
                slots[slot * 3 + 1] = UInt32(truncatingIfNeeded: packed >> 32)
                slots[slot * 3 + 2] = UInt32(index) | Self.length(key.count)
            }
        }
        self.slots = TableArray(slots)
        self.mask = mask
    }

    /// A string's key: its bytes as a little-endian number when it has at
    /// most `inlineBytes` of them, else a hash of them.
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        if bytes.count <= inlineBytes { return WordBytesHash.littleEndian(UnsafeRawPointer(base), count: bytes.count) }
        return WordBytesHash.hash(bytes)
    }

    /// A length as it sits in a slot's last value.
    @inline(__always)
    private static func length(_ count: Int) -> UInt32 { UInt32(min(count, 255)) << 24 }

    /// Where a key's walk starts (the top bits of a multiplicative hash).
    @inline(__always)
    private static func home(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The first index of a string equal to `key` that `accept` approves.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, in table: StringTable, accept: (Int) -> Bool) -> Int? {
        guard !key.isEmpty else { return nil }
        let packed = Self.key(key)
        let low = UInt32(truncatingIfNeeded: packed), high = UInt32(truncatingIfNeeded: packed >> 32)
        let length = Self.length(key.count)
        let mask = mask
        var slot = Self.home(packed, mask: mask)
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot * 3 + 2]
                if entry == 0 { return nil }
                if entry & 0xFF00_0000 == length, slots[slot * 3] == low, slots[slot * 3 + 1] == high {
                    let index = Int(entry & 0x00FF_FFFF)
                    if key.count <= Self.inlineBytes || table.equals(index, key), accept(index) { return index }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func encode(to writer: inout BinaryWriter) { writer.write(aligned: slots.elements) }

    init(from reader: inout BinaryReader, tableCount: Int) throws {
        let slots = try reader.readUInt32Table()
        let capacity = slots.count / 3
        guard capacity >= 1, slots.count == capacity * 3, capacity & (capacity - 1) == 0, capacity > tableCount else {
            throw reader.corrupt("code table of \(slots.count) values is not three per slot, a power of two above \(tableCount)")
        }
        var empty = 0
        try slots.withUnsafeBufferPointer { slots in
            for slot in 0..<capacity {
                let entry = slots[slot * 3 + 2]
                if entry == 0 {
                    empty += 1
                } else if entry & 0xFF00_0000 == 0 || Int(entry & 0x00FF_FFFF) >= tableCount {
                    throw reader.corrupt("code slot points past the table")
                }
            }
        }
        // A walk stops at an empty slot; a table without one would never end.
        guard empty > 0 else { throw reader.corrupt("code table has no empty slot") }
        self.slots = slots
        mask = capacity - 1
    }
}

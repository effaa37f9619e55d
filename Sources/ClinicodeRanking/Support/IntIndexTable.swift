/// A small map from non-negative integer keys (code ids, packed memo keys)
/// to array indices, for one note's look-ups: open addressing over a
/// multiplicative hash, so a look-up is a multiply and a probe or two
/// instead of a `Hasher` run over the key.
struct IntIndexTable {
    /// Power-of-two table of (key, index + 1); an index of 0 marks an empty slot.
    private var keys: [Int]
    private var indices: [Int]
    private var shift: UInt64
    private var count = 0

    /// An empty table with room for 32 keys before it grows (a note's usual need).
    init() {
        keys = [Int](repeating: 0, count: 64)
        indices = [Int](repeating: 0, count: 64)
        shift = 58
    }

    @inline(__always)
    private func home(_ key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The index stored for `key`, if any.
    func index(of key: Int) -> Int? {
        let mask = keys.count - 1
        var slot = home(key)
        while indices[slot] != 0 {
            if keys[slot] == key { return indices[slot] - 1 }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Stores `index` for a key not yet in the table.
    mutating func insert(_ key: Int, index: Int) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = home(key)
        while indices[slot] != 0 { slot = (slot + 1) & mask }
        keys[slot] = key
        indices[slot] = index + 1
        count += 1
    }

    private mutating func grow() {
        let (oldKeys, oldIndices) = (keys, indices)
        keys = [Int](repeating: 0, count: oldKeys.count * 2)
        indices = [Int](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for slot in oldKeys.indices where oldIndices[slot] != 0 { insert(oldKeys[slot], index: oldIndices[slot] - 1) }
    }
}

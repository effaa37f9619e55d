/// A small map from non-negative integer keys (code ids, packed memo keys)
/// to array indices, for one note's look-ups: open addressing over a
/// multiplicative hash, so a look-up is a multiply and a probe or two
/// instead of a `Hasher` run over the key.
struct IntIndexTable {
    /// Power-of-two table of (key, index + 1) pairs, side by side (one cache
    /// line holds both); an index of 0 marks an empty slot.
    private var pairs: IntPairs
    /// The table's size (in pairs) minus one.
    private var mask: Int
    private var shift: UInt64
    private var count = 0

    /// An empty table with room for 32 keys before it grows (a note's usual need).
    init() {
        pairs = IntPairs.make(size: 64)
        mask = 63
        shift = 58
    }

    @inline(__always)
    private func home(_ key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The index stored for `key`, if any.
    func index(of key: Int) -> Int? {
        let (mask, start) = (mask, home(key))
        return pairs.withUnsafeMutablePointerToElements { pairs in
            var slot = start
            while pairs[2 * slot + 1] != 0 {
                if pairs[2 * slot] == key { return pairs[2 * slot + 1] - 1 }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Stores `index` for a key not yet in the table.
    mutating func insert(_ key: Int, index: Int) {
        if (count + 1) * 2 > mask + 1 {
            grow()
        } else if !isKnownUniquelyReferenced(&pairs) {
            pairs = pairs.copy()
        }
        let (mask, start) = (mask, home(key))
        pairs.withUnsafeMutablePointerToElements { pairs in
            var slot = start
            while pairs[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
            pairs[2 * slot] = key
            pairs[2 * slot + 1] = index + 1
        }
        count += 1
    }

    /// Doubles the table (the new one is this table's own).
    private mutating func grow() {
        let old = pairs, oldSize = mask + 1
        pairs = IntPairs.make(size: oldSize * 2)
        mask = oldSize * 2 - 1
        shift -= 1
        count = 0
        old.withUnsafeMutablePointerToElements { old in
            for slot in 0..<oldSize where old[2 * slot + 1] != 0 { insert(old[2 * slot], index: old[2 * slot + 1] - 1) }
        }
    }
}

/// The slots of an `IntIndexTable`, inline in one object (the header is
/// the number of pairs): one allocation per table instead of two arrays,
/// each of which looked its generic storage type up in the runtime's
/// metadata cache (two tables per note).
final class IntPairs: ManagedBuffer<Int, Int> {
    /// A table of `size` empty (zero) pairs.
    static func make(size: Int) -> IntPairs {
        let made = unsafeDowncast(create(minimumCapacity: 2 * size) { _ in size }, to: IntPairs.self)
        made.withUnsafeMutablePointerToElements { $0.initialize(repeating: 0, count: 2 * size) }
        return made
    }

    /// A table with the same pairs, for a table about to change a shared one.
    func copy() -> IntPairs {
        let size = header
        let made = unsafeDowncast(IntPairs.create(minimumCapacity: 2 * size) { _ in size }, to: IntPairs.self)
        withUnsafeMutablePointerToElements { source in
            made.withUnsafeMutablePointerToElements { $0.initialize(from: source, count: 2 * size) }
        }
        return made
    }
}

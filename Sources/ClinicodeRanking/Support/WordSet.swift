/// A set of word hashes (`WordHash`) for the membership tests of the
/// specificity descent: open addressing over the already well-mixed hashes,
/// so a test is a multiply and a probe or two instead of a `Hasher` run.
struct WordSet: ExpressibleByArrayLiteral {
    /// Power-of-two table; 0 marks an empty slot (a zero hash is kept aside).
    private var slots: [UInt64]
    private var shift: UInt64
    private var hasZero = false
    /// Number of distinct words.
    private(set) var count = 0

    init() {
        slots = [UInt64](repeating: 0, count: 16)
        shift = 60
    }

    /// An empty set sized for about `capacity` words without growing.
    init(capacity: Int) {
        var size = 16, shift: UInt64 = 60
        while size < capacity * 2 + 2 { size <<= 1; shift -= 1 }
        slots = [UInt64](repeating: 0, count: size)
        self.shift = shift
    }

    init(arrayLiteral elements: UInt64...) {
        self.init()
        for element in elements { insert(element) }
    }

    @inline(__always)
    private func home(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    func contains(_ word: UInt64) -> Bool {
        if word == 0 { return hasZero }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = home(word)
            while true {
                let value = slots[slot]
                if value == word { return true }
                if value == 0 { return false }
                slot = (slot + 1) & mask
            }
        }
    }

    mutating func insert(_ word: UInt64) {
        if word == 0 {
            if !hasZero { hasZero = true; count += 1 }
            return
        }
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = home(word)
        while slots[slot] != 0 {
            if slots[slot] == word { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = word
        count += 1
    }

    mutating func formUnion(_ words: [UInt64]) {
        for word in words { insert(word) }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for word in old where word != 0 {
            var slot = home(word)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = word
        }
    }
}

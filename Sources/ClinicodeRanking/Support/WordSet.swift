/// A set of word hashes (`WordHash`) for the membership tests of the
/// specificity descent: open addressing over the already well-mixed hashes,
/// so a test is a multiply and a probe or two instead of a `Hasher` run.
/// A value: copies share their slots until one of them inserts.
struct WordSet: ExpressibleByArrayLiteral {
    /// Power-of-two table; 0 marks an empty slot (a zero hash is kept aside).
    private var slots: WordSlots
    /// The table's size minus one.
    private var mask: Int
    private var shift: UInt64
    private var hasZero = false
    /// Number of distinct words.
    private(set) var count = 0

    init() { self.init(capacity: 0) }

    /// An empty set sized for about `capacity` words without growing.
    init(capacity: Int) {
        var size = 16, shift: UInt64 = 60
        while size < capacity * 2 + 2 { size <<= 1; shift -= 1 }
        slots = WordSlots.make(size: size)
        mask = size - 1
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
        let (mask, start) = (mask, home(word))
        return slots.withUnsafeMutablePointerToElements { slots in
            var slot = start
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
        if (count + 1) * 2 > mask + 1 {
            grow()
        } else if !isKnownUniquelyReferenced(&slots) {
            slots = slots.copy()
        }
        insertIntoOwnTable(word)
    }

    /// `insert(_:)` for a set its caller made and has not copied, so its
    /// table is its own: a sentence's words are inserted one by one, and the
    /// check for a shared table was a runtime call per word.
    @inline(__always)
    mutating func insertIntoFreshSet(_ word: UInt64) {
        if word == 0 {
            if !hasZero { hasZero = true; count += 1 }
            return
        }
        if (count + 1) * 2 > mask + 1 { grow() }
        assert(isKnownUniquelyReferenced(&slots), "insertIntoFreshSet on a shared set")
        insertIntoOwnTable(word)
    }

    /// Puts a nonzero word in the table, which has room and is this set's own.
    @inline(__always)
    private mutating func insertIntoOwnTable(_ word: UInt64) {
        let (mask, start) = (mask, home(word))
        let inserted = slots.withUnsafeMutablePointerToElements { slots in
            var slot = start
            while slots[slot] != 0 {
                if slots[slot] == word { return false }
                slot = (slot + 1) & mask
            }
            slots[slot] = word
            return true
        }
        if inserted { count += 1 }
    }

    mutating func formUnion(_ words: [UInt64]) {
        for word in words { insert(word) }
    }

    /// The set without `words`: a copy of the table from which each word is
    /// deleted by shifting the rest of its probe chain back (re-inserting
    /// every other word into a new table was most of the cost).
    func removing(_ words: [UInt64]) -> WordSet {
        var result = self
        result.slots = slots.copy()
        for word in words { result.removeFromOwnTable(word) }
        return result
    }

    /// Deletes a word from a table that is this set's own, keeping every
    /// other word reachable from its home slot (backward-shift deletion).
    private mutating func removeFromOwnTable(_ word: UInt64) {
        if word == 0 {
            if hasZero { hasZero = false; count -= 1 }
            return
        }
        let (mask, shift) = (mask, shift)
        let removed = slots.withUnsafeMutablePointerToElements { slots -> Bool in
            var hole = Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[hole] != word {
                if slots[hole] == 0 { return false }
                hole = (hole + 1) & mask
            }
            var next = hole
            while true {
                next = (next + 1) & mask
                let moving = slots[next]
                if moving == 0 { break }
                let home = Int(truncatingIfNeeded: (moving &* 0x9E37_79B9_7F4A_7C15) >> shift)
                // A word whose home lies cyclically in (hole, next] stays reachable where it is.
                let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
                if stays { continue }
                slots[hole] = moving
                hole = next
            }
            slots[hole] = 0
            return true
        }
        if removed { count -= 1 }
    }

    /// Doubles the table (the new one is this set's own).
    private mutating func grow() {
        let old = slots, oldSize = mask + 1
        let fresh = WordSlots.make(size: oldSize * 2)
        (slots, mask) = (fresh, oldSize * 2 - 1)
        shift -= 1
        let (mask, shift) = (mask, shift)
        old.withUnsafeMutablePointerToElements { old in
            fresh.withUnsafeMutablePointerToElements { slots in
                for index in 0..<oldSize where old[index] != 0 {
                    let word = old[index]
                    var slot = Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> shift)
                    while slots[slot] != 0 { slot = (slot + 1) & mask }
                    slots[slot] = word
                }
            }
        }
    }
}

/// The slots of a `WordSet`, inline in one object (the header is their
/// count). A new `Array` looks its generic storage type up in the runtime's
/// metadata cache on every allocation, and every sentence context of every
/// note makes a set: this class's metadata is found once.
final class WordSlots: ManagedBuffer<Int, UInt64> {
    /// A table of `size` empty (zero) slots.
    static func make(size: Int) -> WordSlots {
        let made = unsafeDowncast(create(minimumCapacity: size) { _ in size }, to: WordSlots.self)
        made.withUnsafeMutablePointerToElements { $0.initialize(repeating: 0, count: size) }
        return made
    }

    /// A table with the same slots, for a set about to change a shared one.
    func copy() -> WordSlots {
        let size = header
        let made = unsafeDowncast(WordSlots.create(minimumCapacity: size) { _ in size }, to: WordSlots.self)
        withUnsafeMutablePointerToElements { source in
            made.withUnsafeMutablePointerToElements { $0.initialize(from: source, count: size) }
        }
        return made
    }
}

/// A small map from normalised words to values, probed by the word's
/// `WordHash` (which the ranker computes anyway) instead of hashing the
/// String again; a hit is confirmed on the word itself, so the answer is
/// exactly the dictionary's.
struct HashedWordMap<Value: Sendable>: Sendable {
    private var hashes: [UInt64]
    /// Whether a slot holds an entry: probing reads these and the hashes
    /// only, so a miss never copies (retains) a slot's word.
    private var occupied: [Bool]
    private var entries: [(word: String, value: Value)?]
    private let shift: UInt64
    /// One bit per top-12-bit pattern of the entries' hashes (4096 bits):
    /// most words asked about (every word of a sentence) are ruled out by one
    /// bit of a table that stays in the processor's nearest cache, before
    /// the slots are probed.
    private var filter: [UInt64]

    init(_ dictionary: [String: Value]) {
        var capacity = 8, bits: UInt64 = 3
        while capacity < dictionary.count * 4 { capacity <<= 1; bits += 1 }
        hashes = [UInt64](repeating: 0, count: capacity)
        occupied = [Bool](repeating: false, count: capacity)
        entries = Array(repeating: nil, count: capacity)
        shift = 64 - bits
        filter = [UInt64](repeating: 0, count: Self.filterWords)
        let mask = capacity - 1
        for word in dictionary.keys.sorted() {
            let hash = WordHash.hash(word, namespace: WordHash.word)
            var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while entries[slot] != nil { slot = (slot + 1) & mask }
            hashes[slot] = hash
            filter[Self.filterWord(hash)] |= Self.filterBit(hash)
            occupied[slot] = true
            entries[slot] = (word, dictionary[word]!)
        }
    }

    var isEmpty: Bool { !entries.contains { $0 != nil } }

    /// Whether an entry's word has this `WordHash` (then `value` confirms on
    /// the word): most words are ruled out without reading them.
    @inline(__always)
    func mayContain(hash: UInt64) -> Bool {
        guard filter[Self.filterWord(hash)] & Self.filterBit(hash) != 0 else { return false }
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while occupied[slot] {
            if hashes[slot] == hash { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    /// The value of `word`, whose `WordHash.hash(word, namespace: WordHash.word)` is `hash`.
    @inline(__always)
    func value(_ word: String, hash: UInt64) -> Value? {
        guard filter[Self.filterWord(hash)] & Self.filterBit(hash) != 0 else { return nil }
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while occupied[slot] {
            if hashes[slot] == hash, let entry = entries[slot], entry.word == word { return entry.value }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Words (64 bits each) of `filter`.
    private static var filterWords: Int { 64 }

    /// The `filter` word holding a hash's bit.
    @inline(__always)
    private static func filterWord(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 58) }

    /// A hash's bit within its `filter` word.
    @inline(__always)
    private static func filterBit(_ hash: UInt64) -> UInt64 { 1 << ((hash >> 52) & 63) }
}

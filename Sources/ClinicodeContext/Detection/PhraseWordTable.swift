import ClinicodeText

/// The ids of the cue phrases' words, looked up by UTF-8 bytes with one
/// probe for a word of up to eight bytes.
///
/// Nearly half of a note's tokens are cue words ("the", "of", "with",
/// "no"), so most look-ups succeed, and a general table's three dependent
/// loads (slot, word start, stored bytes) dominated the context stage.
/// Here a short word is packed into one integer that is both its hash key
/// and its stored form: one entry read settles it. Longer words go to a
/// `WordTable`. A bit set of packed-word hashes, small enough to stay in
/// L1, turns most other words away before the table is touched.
///
/// Tried and dropped (no gain over the background notes, four passes in
/// one run): looking words up by the `NoteWordHash` the matcher stores in
/// `Document.wordHashes` instead of reading and hashing their bytes, with a
/// probe loop and then with a first probe of a whole sentence's words
/// without a branch (so their loads overlap). What a look-up costs is the
/// cache miss on its slot (the other stages evict these tables between
/// notes), not the packing and hashing, and the misses stayed. Tables half
/// as large (load factor up to 2/3 rather than 1/3) did not help either.
/// Nor did (three profiled runs each, `PhraseIndex.matches` at 3.6-3.9% of
/// a run either way) a branch-free table without the filter, every short
/// word in a bucket of four or of eight keys whose hash multiplier is
/// picked so that no bucket overflows (a look-up compares the bucket's keys
/// and selects the id), nor prefetching a sentence's tokens, at the start
/// of `matches` or one sentence ahead in `ContextDetector.annotate`. Nor
/// (context stage alone in a harness) probing every short word's slot with
/// no filter first: the filter's test goes either way on a note's words,
/// but without it the stage ran no faster (34.2-36.2 ms against 34.1-35.2).
struct PhraseWordTable: Sendable {
    /// One slot: a packed word of `count` bytes and its id (-1 when empty).
    private struct Slot {
        var packed: UInt64 = 0
        var id: Int32 = -1
        var count: Int32 = 0
    }

    /// One slot of the table of words of 9 to 16 bytes: the word packed in
    /// two integers (the first eight bytes, then the rest, zero-padded).
    private struct MediumSlot {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var id: Int32 = -1
        var count: Int32 = 0
    }

    private let slots: [Slot]
    private let shift: UInt64
    private let mask: Int
    /// Bit `h & 4095` of the hash `h` of every short word (the slot comes from the high bits).
    private let filter: [UInt64]
    /// Words of 9 to 16 bytes, which a `WordTable` found through three
    /// dependent loads (slot, word start, stored bytes), each a cache miss
    /// when the terminology stage had run in between: here one entry read
    /// settles a word, and a note's 9-to-15-byte tokens are looked up from
    /// their inline strings without touching their bytes one by one.
    private let mediumSlots: [MediumSlot]
    private let mediumShift: UInt64
    private let mediumMask: Int
    private let mediumFilter: [UInt64]
    private let long: WordTable

    /// A table of `words`: word `i` has id `i` (words are distinct).
    init(_ words: [String]) {
        let shortCount = words.reduce(0) { $0 + ($1.utf8.count <= 8 ? 1 : 0) }
        var size = 16
        while size < 3 * shortCount { size <<= 1 }
        var bits = 0
        while 1 << bits < size { bits += 1 }
        var slots = [Slot](repeating: Slot(), count: size)
        var filter = [UInt64](repeating: 0, count: 64)
        // Each word's bytes read in place (an array of them per word cost an allocation).
        for (id, word) in words.enumerated() where (1...8).contains(word.utf8.count) {
            var word = word
            let count = word.utf8.count
            let packed = word.withUTF8(Self.pack)
            let hash = Self.hash(packed, count: count)
            filter[Int((hash >> 6) & 63)] |= 1 << (hash & 63)
            var slot = Int(hash >> UInt64(64 - bits))
            while slots[slot].id >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Slot(packed: packed, id: Int32(id), count: Int32(count))
        }
        self.slots = slots
        shift = UInt64(64 - bits)
        mask = size - 1
        self.filter = filter

        let mediumCount = words.reduce(0) { $0 + ((9...16).contains($1.utf8.count) ? 1 : 0) }
        var mediumSize = 16
        while mediumSize < 3 * mediumCount { mediumSize <<= 1 }
        var mediumBits = 0
        while 1 << mediumBits < mediumSize { mediumBits += 1 }
        var mediumSlots = [MediumSlot](repeating: MediumSlot(), count: mediumSize)
        var mediumFilter = [UInt64](repeating: 0, count: 64)
        for (id, word) in words.enumerated() where (9...16).contains(word.utf8.count) {
            var word = word
            let count = word.utf8.count
            let (low, high) = word.withUTF8(Self.pack16)
            let hash = Self.hash(low: low, high: high, count: count)
            mediumFilter[Int((hash >> 6) & 63)] |= 1 << (hash & 63)
            var slot = Int(hash >> UInt64(64 - mediumBits))
            while mediumSlots[slot].id >= 0 { slot = (slot + 1) & (mediumSize - 1) }
            mediumSlots[slot] = MediumSlot(low: low, high: high, id: Int32(id), count: Int32(count))
        }
        self.mediumSlots = mediumSlots
        mediumShift = UInt64(64 - mediumBits)
        mediumMask = mediumSize - 1
        self.mediumFilter = mediumFilter
        // Shorter words stay in the long table too (never found there): ids must match word indices.
        long = WordTable(words.map { $0.utf8.count > 16 ? $0 : "" })
    }

    /// The id of the word spelled by `bytes`, or nil.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let count = bytes.count
        guard count <= 8 else {
            guard count <= 16 else { return long.id(of: bytes) }
            let (low, high) = Self.pack16(bytes)
            return id(low: low, high: high, count: count)
        }
        guard count > 0 else { return nil }
        return id(packed: Self.pack(bytes), count: count)
    }

    /// The id of the word of `count` (9...16) bytes packed little-endian in
    /// `low` (the first eight) and `high` (the rest, zero above), or nil.
    @inline(__always)
    func id(low: UInt64, high: UInt64, count: Int) -> Int32? {
        let hash = Self.hash(low: low, high: high, count: count)
        return mediumFilter.withUnsafeBufferPointer { filter -> Int32? in
            guard filter[Int((hash >> 6) & 63)] & (1 << (hash & 63)) != 0 else { return nil }
            return mediumSlots.withUnsafeBufferPointer { slots -> Int32? in
                var slot = Int(hash >> mediumShift)
                while true {
                    let entry = slots[slot]
                    if entry.id < 0 { return nil }
                    if entry.low == low && entry.high == high && Int(entry.count) == count { return entry.id }
                    slot = (slot + 1) & mediumMask
                }
            }
        }
    }

    /// The id of the word of `count` (1...8) bytes packed little-endian in
    /// `packed` (zero above `count`), or nil.
    @inline(__always)
    func id(packed: UInt64, count: Int) -> Int32? {
        let hash = Self.hash(packed, count: count)
        return filter.withUnsafeBufferPointer { filter -> Int32? in
            guard filter[Int((hash >> 6) & 63)] & (1 << (hash & 63)) != 0 else { return nil }
            return slots.withUnsafeBufferPointer { slots -> Int32? in
                var slot = Int(hash >> shift)
                while true {
                    let entry = slots[slot]
                    if entry.id < 0 { return nil }
                    if entry.packed == packed && Int(entry.count) == count { return entry.id }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The id of `word`, or nil.
    func id(of word: String) -> Int32? {
        if let found = word.utf8.withContiguousStorageIfAvailable({ id(of: $0) }) { return found }
        return Array(word.utf8).withUnsafeBufferPointer { id(of: $0) }
    }

    /// Up to eight bytes, little-endian, zero-padded.
    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var packed: UInt64 = 0
        var index = bytes.count - 1
        while index >= 0 {
            packed = packed << 8 | UInt64(bytes[index])
            index -= 1
        }
        return packed
    }

    /// 9 to 16 bytes as two integers: the first eight, then the rest
    /// (little-endian, zero-padded).
    @inline(__always)
    private static func pack16(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        (pack(UnsafeBufferPointer(rebasing: bytes[..<8])), pack(UnsafeBufferPointer(rebasing: bytes[8...])))
    }

    @inline(__always)
    private static func hash(low: UInt64, high: UInt64, count: Int) -> UInt64 {
        hash(low ^ (high &* 0xC2B2_AE3D_27D4_EB4F), count: count)
    }

    @inline(__always)
    private static func hash(_ packed: UInt64, count: Int) -> UInt64 {
        var hash = (packed ^ UInt64(truncatingIfNeeded: count) << 59) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 31
        return hash &* 0xBF58_476D_1CE4_E5B9
    }
}

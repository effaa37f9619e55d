import CPrefetch
import ClinicodeCore

/// The bytes of one word to look up, hashed once so that several tables (the
/// vocabulary, the abbreviations' first words) can be probed with one hash.
struct WordKey {
    /// The word's bytes; valid only while the buffer they come from is.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The first eight bytes, little-endian, zero-padded: compared in one step.
    let prefix: UInt64
    let hash: UInt64

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.init(bytes, hash: WordBytesHash.hash(bytes))
    }

    /// A key whose `WordBytesHash` is already known (the matcher hashes a
    /// note's words once, to read their slots ahead).
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        self.bytes = bytes
        let count = bytes.count
        self.prefix = bytes.baseAddress.map { WordBytesHash.littleEndian(UnsafeRawPointer($0), count: min(count, 8)) } ?? 0
        self.hash = hash
    }
}

/// An open-addressing table from the strings of a `StringTable` to a value
/// per string, laid out for the matcher's hot path: each 32-byte slot holds
/// the string's first 24 bytes, its length, its index and its value, so a
/// lookup of a word of up to 24 bytes (nearly all words) touches one slot,
/// and only a longer one reads the table's bytes to confirm a hit. A small
/// array of 16-bit hash tags beside the slots answers most misses alone.
/// (With 8 bytes inline, every longer word read the table's offsets and
/// bytes too: two more cache misses in a table too large to stay cached.)
///
/// Built in memory (not stored in the model): building it for the ~20k
/// vocabulary forms costs well under a millisecond.
struct WordSlots: Sendable {
    /// Four words per slot: bytes 0..<24 of the string (little-endian,
    /// zero-padded), then `value | length << 32 | index << 40` (length
    /// capped at 255; length 0 marks an empty slot). Slot `i` starts at
    /// `slots[first + 4 * i]`, where `first` puts every slot inside one
    /// 64-byte cache line: from the array's own start, which the allocator
    /// leaves 16 bytes off a line, every other slot straddled two lines, so
    /// the read-ahead of its info word (`prefetch`) left its first bytes, read
    /// next, a cache miss of their own (perf put about half of the
    /// vocabulary look-up's time on that load).
    private let slots: [UInt64]
    private let first: Int
    /// Per slot: 16 bits of its string's hash (never 0), or 0 when the slot
    /// is empty. A look-up walks these (64 slots per cache line, small
    /// enough to stay cached) and reads a 32-byte slot only where the tag
    /// agrees: most note words are not in the vocabulary, and their
    /// look-ups (and those of their stems) no longer miss the cache on the
    /// large slots.
    private let tags: [UInt16]
    private let mask: Int
    private let table: StringTable

    /// The largest table index a slot can hold.
    static let indexLimit = 1 << 24
    /// Bytes of a string kept in its slot.
    static let inlineBytes = 24

    /// Indexes every non-empty string of `table` with its value; where a
    /// string occurs twice the first one is found. At most `load` of the
    /// slots are used: most look-ups of note words miss, and a miss probes
    /// until an empty slot, so small tables can afford to be sparse. Nil when
    /// the table is too large for the slot layout.
    init?(indexing table: StringTable, load: Double = 0.5, values: (Int) -> UInt32) {
        guard table.count < Self.indexLimit else { return nil }
        var capacity = 16
        while Double(capacity) * load < Double(table.count) { capacity <<= 1 }
        // Eight words of room to move the slots onto a line boundary. The
        // buffer never moves afterwards: the array is filled in place, then
        // only read (copies of the table share it). Left uninitialised, not
        // zero-filled: a slot is read only where its tag is set, and each
        // slot is cleared as it is taken (zeroing the vocabulary's 1 MB of
        // slots was a pass over fresh memory at every start).
        var slots = [UInt64](unsafeUninitializedCapacity: capacity * 4 + 8) { $1 = capacity * 4 + 8 }
        let first = slots.withUnsafeBufferPointer { Self.alignedStart(of: $0) }
        var tags = [UInt16](repeating: 0, count: capacity)
        let mask = capacity - 1
        // Filled through pointers: this runs at every start, and indexing the
        // arrays (a bounds check and a uniqueness check per byte written)
        // made it a few percent of a cold start.
        slots.withUnsafeMutableBufferPointer { slots in
        tags.withUnsafeMutableBufferPointer { tags in
        table.bytes.withUnsafeBufferPointer { bytes in
        table.offsets.withUnsafeBufferPointer { offsets in
            let slotBytes = UnsafeMutableRawPointer(slots.baseAddress! + first)
            for index in 0..<table.count {
                let key = WordKey(UnsafeBufferPointer(rebasing: bytes[Int(offsets[index])..<Int(offsets[index + 1])]))
                guard let keyBytes = key.bytes.baseAddress, key.bytes.count > 0 else { continue }
                // A slot is taken when its tag is set (tags are never 0).
                var slot = Int(truncatingIfNeeded: key.hash) & mask
                while tags[slot] != 0 { slot = (slot + 1) & mask }
                (slotBytes + slot * 32).initializeMemory(as: UInt64.self, repeating: 0, count: 4)
                (slotBytes + slot * 32).copyMemory(from: keyBytes, byteCount: min(key.bytes.count, Self.inlineBytes))
                slots[first + slot * 4 + 3] = UInt64(values(index)) | UInt64(min(key.bytes.count, 255)) << 32 | UInt64(index) << 40
                tags[slot] = Self.tag(key.hash)
            }
        }
        }
        }
        }
        // The bytes went in in memory order: the first word is compared as a
        // number with `WordKey.prefix` (little-endian); the rest byte by byte.
        #if _endian(big)
        for position in stride(from: first, to: first + capacity * 4, by: 4) { slots[position] = UInt64(littleEndian: slots[position]) }
        #endif
        precondition(slots.withUnsafeBufferPointer { Self.alignedStart(of: $0) } == first, "word table moved while built")
        self.slots = slots
        self.first = first
        self.tags = tags
        self.mask = mask
        self.table = table
    }

    /// The first index of `buffer` at a 64-byte boundary (within its first eight).
    private static func alignedStart(of buffer: UnsafeBufferPointer<UInt64>) -> Int {
        let address = UInt(bitPattern: buffer.baseAddress)
        return Int((64 - address % 64) % 64 / 8)
    }

    /// Prefetches the slots where look-ups of words with these hashes
    /// (`WordKey.hash`) start, so many cache misses are in flight at once
    /// before the look-ups proper.
    func prefetch(_ hashes: some Collection<UInt64>) {
        let first = self.first
        slots.withUnsafeBufferPointer { slots in
            tags.withUnsafeBufferPointer { tags in
                guard let slotBase = slots.baseAddress, let tagBase = tags.baseAddress else { return }
                for hash in hashes {
                    let slot = Int(truncatingIfNeeded: hash) & mask
                    clinicode_prefetch(slotBase + (first + slot * 4 + 3))
                    clinicode_prefetch(tagBase + slot)
                }
            }
        }
    }

    /// A slot's tag for a string with this hash: bits the slot index does not use, never 0.
    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: hash >> 48) | 1 }

    /// The value of the string equal to `key`.
    @inline(__always)
    func value(of key: WordKey) -> UInt32? {
        let count = key.bytes.count
        let length = UInt64(min(count, 255))
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        let tag = Self.tag(key.hash)
        return tags.withUnsafeBufferPointer { tags in
            slots.withUnsafeBufferPointer { slots in
                // The slots from `first` on: slot `i` is four words at `i * 4`.
                let slots = UnsafeBufferPointer(rebasing: slots[first...])
                while true {
                    let slotTag = tags[slot]
                    if slotTag == 0 { return nil }
                    if slotTag == tag {
                        // (Equal strings have equal hashes, so a slot whose tag differs cannot hold the key.)
                        let info = slots[slot * 4 + 3]
                        if (info >> 32) & 0xff == length, slots[slot * 4] == key.prefix,
                           count <= 8 || rest(of: key, equalsSlot: slot, in: slots) {
                            return UInt32(truncatingIfNeeded: info)
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Whether string `index` of the table is `bytes` (a word longer than a
    /// slot holds: rare). Out of line, so a look-up inlined into a caller's
    /// loop stays small: the table's accessors inlined there made the
    /// matcher's word loop copy the whole vocabulary for every word.
    @inline(never)
    private func longEquals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        table.equals(index, bytes)
    }

    /// Whether the bytes of `key` after the first eight equal those of the
    /// string in `slot` (whose length and first eight bytes already match).
    @inline(__always)
    private func rest(of key: WordKey, equalsSlot slot: Int, in slots: UnsafeBufferPointer<UInt64>) -> Bool {
        let count = key.bytes.count
        guard count <= Self.inlineBytes else { return longEquals(Int(slots[slot * 4 + 3] >> 40), key.bytes) }
        let inline = UnsafeRawPointer(slots.baseAddress! + slot * 4)
        var offset = 8
        while offset < count {
            if inline.load(fromByteOffset: offset, as: UInt8.self) != key.bytes[offset] { return false }
            offset += 1
        }
        return true
    }
}

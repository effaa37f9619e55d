import ClinicodeCore

/// A fixed set of words, each with a small integer id, looked up by UTF-8
/// bytes without building a `String` or running the standard library's
/// seeded hasher.
///
/// Made for the per-token lookups of the text and context layers (cue
/// words, abbreviations, section header words), where `Dictionary<String, _>`
/// spent most of its time hashing: here a word is hashed eight bytes at a
/// time with one multiply per chunk, and a table of word lengths rules out
/// most tokens before any hashing.
///
/// Immutable and `Sendable`.
public struct WordTable: Sendable {
    /// The words' UTF-8, back to back: word `i` is `bytes[starts[i]..<starts[i + 1]]`.
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let starts: [Int32]
    /// Open addressing, power-of-two size at most half full: a word id or -1.
    @usableFromInline let slots: [Int32]
    @usableFromInline let mask: Int
    /// Bit `n` is set when some word has `n` bytes (`n` < 64); longer words set bit 63.
    @usableFromInline let lengths: UInt64
    /// A 4 Kbit set of (length, first byte, last byte) signatures of the
    /// words: most words of a note are no table word and stop here, on one
    /// load from a table that stays in L1, before any hashing or probing.
    @usableFromInline let signatures: [UInt64]

    /// A table of `words`: word `i` has id `i`; a repeated word keeps the id
    /// of its first occurrence.
    public init(_ words: [String]) {
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var lengths: UInt64 = 0
        var signatures = [UInt64](repeating: 0, count: 1 << (Self.signatureBits - 6))
        for word in words {
            bytes += word.utf8
            starts.append(Int32(bytes.count))
            lengths |= 1 << UInt64(min(word.utf8.count, 63))
            if let first = word.utf8.first, let last = word.utf8.last {
                let signature = Self.signature(count: word.utf8.count, first: first, last: last)
                signatures[signature >> 6] |= 1 << UInt64(signature & 63)
            }
        }
        var size = 8
        while size < 2 * words.count { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        for id in words.indices {
            let start = Int(starts[id]), end = Int(starts[id + 1])
            var slot = bytes[start..<end].withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            var repeated = false
            while slots[slot] >= 0 {
                let other = Int(slots[slot])
                if bytes[Int(starts[other])..<Int(starts[other + 1])].elementsEqual(bytes[start..<end]) {
                    repeated = true
                    break
                }
                slot = (slot + 1) & (size - 1)
            }
            if !repeated { slots[slot] = Int32(id) }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        mask = size - 1
        self.lengths = lengths
        self.signatures = signatures
    }

    @inlinable static var signatureBits: Int { 12 }

    @inlinable @inline(__always)
    static func signature(count: Int, first: UInt8, last: UInt8) -> Int {
        var mixed = UInt32(truncatingIfNeeded: count) &* 0x9E37_79B1
        mixed = (mixed ^ UInt32(first)) &* 0x85EB_CA6B
        mixed = (mixed ^ UInt32(last)) &* 0xC2B2_AE35
        return Int(truncatingIfNeeded: mixed >> (32 - UInt32(signatureBits)))
    }

    /// How many words the table was made from (repeats included).
    public var count: Int { starts.count - 1 }

    /// The id of the word spelled by `word`, or nil.
    @inlinable @inline(__always)
    public func id(of word: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard lengths & (1 << UInt64(min(word.count, 63))) != 0 else { return nil }
        if let base = word.baseAddress, word.count > 0 {
            let signature = Self.signature(count: word.count, first: base[0], last: base[word.count - 1])
            let bits = signatures.withUnsafeBufferPointer { $0[signature >> 6] }
            guard bits & (1 << UInt64(signature & 63)) != 0 else { return nil }
        }
        var slot = Self.hash(word) & mask
        return bytes.withUnsafeBufferPointer { stored in
            starts.withUnsafeBufferPointer { starts in
                slots.withUnsafeBufferPointer { slots in
                    while true {
                        let id = slots[slot]
                        if id < 0 { return nil }
                        let start = Int(starts[Int(id)]), end = Int(starts[Int(id) + 1])
                        if end - start == word.count {
                            var index = 0
                            while index < word.count, stored[start + index] == word[index] { index += 1 }
                            if index == word.count { return id }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// The id of `word`, or nil.
    @inlinable @inline(__always)
    public func id(of word: String) -> Int32? {
        if let found = word.utf8.withContiguousStorageIfAvailable({ id(of: $0) }) { return found }
        return Array(word.utf8).withUnsafeBufferPointer { id(of: $0) }
    }

    /// Whether `word` is in the table.
    @inlinable @inline(__always)
    public func contains(_ word: String) -> Bool { id(of: word) != nil }

    /// The shared word hash (`WordBytesHash`), as a slot number.
    @inlinable @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        Int(truncatingIfNeeded: WordBytesHash.hash(word))
    }
}

/// Eight scalars of a note read at once as eight ASCII bytes in one
/// integer, with the facts the tokenizer's plain-word path needs worked out
/// for all eight bytes without a branch per scalar.
///
/// Nearly every word of a note is a run of up to fifteen ASCII letters.
/// Scanning it letter by letter cost a branch per letter and a mispredicted
/// one where the word ended (its length is not predictable), and the
/// normaliser then read the scalars again to lower-case and pack them. Here
/// one chunk (two for a word of nine to fifteen letters) gives the word's
/// length, its capitals and its lower-cased bytes, already in the packed
/// form the normaliser and the inline string use.
struct ASCIIChunk {
    /// The eight scalars as bytes, the first lowest.
    let bytes: UInt64

    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The eight scalars at `scalars` (all readable) as bytes; nil when one
    /// of them is not ASCII (the packing would then lose bits).
    @inline(__always)
    init?(_ scalars: UnsafeRawPointer) {
        // Two scalars per load; both must be below 0x80.
        let first = scalars.loadUnaligned(as: UInt64.self)
        let second = scalars.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let third = scalars.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        let fourth = scalars.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        guard (first | second | third | fourth) & 0xFFFF_FF80_FFFF_FF80 == 0 else { return nil }
        bytes = Self.pair(first) | Self.pair(second) << 16 | Self.pair(third) << 32 | Self.pair(fourth) << 48
    }

    /// The two ASCII scalars of one load (in bits 0-6 and 32-38) as two adjacent bytes.
    @inline(__always)
    private static func pair(_ scalars: UInt64) -> UInt64 {
        (scalars | scalars &>> 24) & 0xFFFF
    }

    /// The bytes with every letter lower-cased (other bytes may change too:
    /// only the letters' bytes are meant to be kept).
    @inline(__always)
    var folded: UInt64 { bytes | Self.ones &* 0x20 }

    /// Bit 7 of each byte set when that byte is an ASCII letter.
    @inline(__always)
    var letterBits: UInt64 {
        // With bit 5 set, a letter is 0x61...0x7A: adding 0x1F reaches
        // 0x80 and adding 0x05 does not. Bytes are below 0x80, so no sum
        // carries into the next byte.
        let folded = self.folded
        return (folded &+ Self.ones &* 0x1F) & ~(folded &+ Self.ones &* 0x05) & (Self.ones &* 0x80)
    }

    /// How many of the eight bytes, from the first, are letters (8 when all are).
    @inline(__always)
    static func leadingLetters(_ letterBits: UInt64) -> Int {
        (~letterBits & (ones &* 0x80)).trailingZeroBitCount &>> 3
    }

    /// The low `count` (0...8) bytes of a word set, the others clear.
    @inline(__always)
    static func mask(_ count: Int) -> UInt64 {
        count >= 8 ? .max : (1 &<< UInt64(truncatingIfNeeded: 8 &* count)) &- 1
    }

    /// Bit 5 of every byte: clear in an upper-case letter, set in a lower-case one.
    static let caseBits: UInt64 = ones &* 0x20
}

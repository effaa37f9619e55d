import ClinicodeCore

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
///
/// Tried and dropped (no difference in ab.sh runs of 16-20 pairs, nor in
/// the text stage's profiled share): the connector test, the case flags and
/// `spaceAfter` worked out here with selects rather than branches; a chunked
/// path for plain numbers of up to seven digits (past the general path's
/// segments; later kept, by its cachegrind count: `number(in:from:)`);
/// `Scan.scanWord` inlined into `Scan.run`. Later (stage
/// harness, text stage alone): `spaceAfter` from the terminator here, with
/// `emit` no longer classifying that scalar again, kept (about 3% of the
/// stage); the same for a one-scalar ASCII mark in `Scan.run`, stepping over
/// the space after it, dropped (no difference).
struct ASCIIChunk {
    /// The eight scalars as bytes, the first lowest.
    let bytes: UInt64

    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The eight scalars at `scalars` (all readable) as bytes; nil when one
    /// of them is not ASCII (the packing would then lose bits).
    @inline(__always)
    init?(_ scalars: UnsafeRawPointer) {
        // Read as two vectors and narrowed lane by lane (two packs): a pair
        // of scalars per 64-bit load, shifted and merged into place, took
        // twice the instructions. The test is on two 64-bit halves (Swift's
        // `==` on vectors compared lane by lane, with branches).
        let first = scalars.loadUnaligned(as: SIMD4<UInt32>.self)
        let second = scalars.loadUnaligned(fromByteOffset: 16, as: SIMD4<UInt32>.self)
        let either = unsafeBitCast(first | second, to: SIMD2<UInt64>.self)
        guard (either[0] | either[1]) & 0xFFFF_FF80_FFFF_FF80 == 0 else { return nil }
        let narrowed = SIMD8<UInt8>(truncatingIfNeeded: SIMD8(lowHalf: first, highHalf: second))
        bytes = unsafeBitCast(narrowed, to: UInt64.self)
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

extension ASCIIChunk {
    /// What the chunked look at a word's first scalars found.
    enum Word {
        /// A plain ASCII word (see `Scan.plainASCIIWord`) with its case and `spaceAfter` flags and
        /// its lower-cased bytes packed as `Normalizer.normalizePackedLetters` takes them.
        /// `resume` is where the scan goes on: past the space after the word,
        /// when one follows (nothing else happens at a space).
        /// `last` is the word's last (up to) eight bytes, lower-cased, as `SpellingFilter.mayFold(low:last:count:)` takes them.
        case word(end: Int, resume: Int, flags: Token.Flags, low: UInt64, high: UInt64, last: UInt64)
        /// Not a plain ASCII word: the tokenizer's general path decides.
        case notPlain
        /// Not decided from whole chunks (near the end of the text, a
        /// non-ASCII scalar near the word, sixteen letters or more).
        case unknown
    }

    /// The tokenizer's plain-word test (`Scan.plainASCIIWord`) for the word
    /// at `start` of `scalars` when it and the scalar after it fit in one or
    /// two chunks: the same answer, without a branch per letter.
    @inline(__always)
    static func word(in scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int) -> Word {
        let count = scalars.count
        guard start &+ 8 <= count else { return .unknown }
        let base = UnsafeRawPointer(scalars.baseAddress! + start)
        guard let first = Self(base) else { return .unknown }
        let firstLetters = first.letterBits
        let length: Int
        // Whether a letter is lower case (bit 5 set), over the word's bytes.
        let lowerBits: UInt64
        var low = first.folded
        var high: UInt64 = 0
        // The word's last (up to) eight bytes, for the spelling filter: in
        // each branch below at the cost of a shift or two, where the filter
        // spliced them out of `low` and `high` with selects for every word.
        let last: UInt64
        let terminator: UInt64
        let leading = Self.leadingLetters(firstLetters)
        if leading < 8 {
            guard leading > 0 else { return .notPlain }
            let mask = Self.mask(leading)
            length = leading
            lowerBits = first.bytes & mask
            low &= mask
            last = low
            terminator = first.bytes &>> UInt64(truncatingIfNeeded: 8 &* leading) & 0xFF
        } else {
            guard start &+ 16 <= count, let second = Self(base + 32) else { return .unknown }
            let secondLetters = second.letterBits
            let rest = Self.leadingLetters(secondLetters)
            // Sixteen letters or more: longer than an inline string.
            guard rest < 8 else { return .unknown }
            let mask = Self.mask(rest)
            length = 8 &+ rest
            lowerBits = first.bytes | second.bytes & mask
            high = second.folded & mask
            // With `rest` 0, `high` is 0 and the shift left is by 64 (masked to 0): `low` alone.
            let shift = UInt64(truncatingIfNeeded: 8 &* rest)
            last = low &>> shift | high &<< (64 &- shift)
            terminator = second.bytes &>> UInt64(truncatingIfNeeded: 8 &* rest) & 0xFF
        }
        let end = start &+ length
        // The scalar after the word is ASCII and no letter; a digit continues the word.
        guard terminator &- 0x30 >= 10 else { return .notPlain }
        if end &+ 1 < count, Tokenizer.isConnector(Unicode.Scalar(UInt8(truncatingIfNeeded: terminator))) {
            let after = scalars[end &+ 1].value
            guard after < 0x80, (after | 0x20) &- 0x61 >= 26, after &- 0x30 >= 10 else { return .notPlain }
        }
        // `caseFlags` without counting: all capitals (two or more), else a capital first.
        var flags: Token.Flags
        if lowerBits & Self.caseBits == 0 && length >= 2 {
            flags = .allCaps
        } else {
            flags = first.bytes & 0x20 == 0 ? .capitalized : []
        }
        // `spaceAfter` from the terminator, an ASCII scalar in the chunk: a
        // space or a line break (`ScalarClass`: every control, space and
        // DEL) is up to 0x20 or 0x7F. Worked out here rather than by
        // classifying the scalar again in `emit` (a test per class, which
        // went either way between spaces, marks and line breaks).
        let spaceAfter = (0x20 &- terminator) &>> 63 ^ 1 | (terminator == 0x7F ? 1 : 0)
        flags.formUnion(Token.Flags(rawValue: UInt8(truncatingIfNeeded: spaceAfter) &<< 3))
        return .word(end: end, resume: terminator == 0x20 ? end &+ 1 : end, flags: flags, low: low, high: high, last: last)
    }
}

extension ASCIIChunk {
    /// Bit 7 of each byte set when that byte is an ASCII digit.
    @inline(__always)
    var digitBits: UInt64 {
        // A byte (below 0x80) plus 0x50 reaches 0x80 from 0x30 up, plus
        // 0x46 from 0x3A up; no sum carries into the next byte.
        (bytes &+ Self.ones &* 0x50) & ~(bytes &+ Self.ones &* 0x46) & (Self.ones &* 0x80)
    }

    /// The end and the bytes (packed as `SmallASCIIString.make` takes
    /// them) of the plain number at `start` of `scalars`: one to seven
    /// ASCII digits that the tokenizer's general path would emit as a
    /// `.number` by themselves, followed by an ASCII scalar that is no
    /// letter (a unit, `5mg`) and no connector before a letter or digit
    /// (`2.5`, `140/90`, `1,000`). Nil for anything else, left to that path.
    ///
    /// About one token in fifty: through the general path (segments, the
    /// joining rules, the scalar-by-scalar normaliser) each cost several
    /// hundred instructions.
    @inline(__always)
    static func number(in scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int) -> (end: Int, bytes: UInt64)? {
        let count = scalars.count
        guard start &+ 8 <= count, let chunk = Self(UnsafeRawPointer(scalars.baseAddress! + start)) else { return nil }
        let length = leadingLetters(chunk.digitBits)
        guard length > 0, length < 8 else { return nil }
        // Not a digit (the run ended there), ASCII (the chunk is).
        let terminator = chunk.bytes &>> UInt64(truncatingIfNeeded: 8 &* length) & 0xFF
        guard (terminator | 0x20) &- 0x61 >= 26 else { return nil }
        let end = start &+ length
        if end &+ 1 < count, Tokenizer.isConnector(Unicode.Scalar(UInt8(truncatingIfNeeded: terminator))) {
            let after = scalars[end &+ 1].value
            guard after < 0x80, (after | 0x20) &- 0x61 >= 26, after &- 0x30 >= 10 else { return nil }
        }
        return (end, chunk.bytes & mask(length))
    }
}

import ClinicodeCore

/// The UTF-8 bytes of a token's normalised string, read where the token
/// holds them when the string is short.
///
/// Nearly every normalised word has at most 15 bytes, which the standard
/// library keeps inside the `String` value itself (its "small" form: the
/// bytes in order, then a byte of flags and count). Reading them there skips
/// copying each string out of its token and onto the stack, twice per word
/// of every note. That form is not public API, so it is checked once against
/// strings the standard library makes and tokens holding them; where it
/// differs, and for every long string, the bytes come the public way.
struct TokenBytes: Sendable {
    /// Whether short strings were found in the expected form.
    let isAvailable: Bool
    /// Where a token's normalised string sits in the token.
    private let offset: Int

    /// The form found in this process's standard library (checked once).
    static let current = TokenBytes()

    /// Checks the short-string form on strings of every short length, ASCII and not.
    init() {
        offset = MemoryLayout<Token>.offset(of: \Token.normalized) ?? -1
        guard MemoryLayout<String>.size == 16, offset >= 0 else {
            isAvailable = false
            return
        }
        var samples: [String] = []
        let ascii = Array("abcdefghijklmnopqrstuvwxyz0123456789-./ABCZ".utf8)
        for start in [0, 11, 24] {
            for count in 0...15 { samples.append(String(decoding: ascii[start..<(start + count)], as: UTF8.self)) }
        }
        samples += ["é", "ménière", "sjögren-x", "straße1234", "α", "日本"]
        let tokens = samples.map { Token(span: TextSpan(start: 0, end: 0), normalized: $0, kind: .word) }
        let offset = self.offset
        isAvailable = tokens.withUnsafeBufferPointer { tokens in
            for (position, sample) in samples.enumerated() {
                guard var inline = Self.inlineBytes(of: tokens, at: position, offset: offset) else { return false }
                let count = inline.count
                let bytes = withUnsafeBytes(of: &inline.words) { Array($0.prefix(count)) }
                guard bytes == Array(sample.utf8) else { return false }
            }
            return true
        }
    }

    /// Runs `body` over the UTF-8 bytes of the normalised string of the token at `position`.
    @inline(__always)
    func withBytes<R>(of tokens: UnsafeBufferPointer<Token>, at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if isAvailable, var inline = Self.inlineBytes(of: tokens, at: position, offset: offset) {
            let count = inline.count
            return withUnsafeBytes(of: &inline.words) { raw in
                body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
            }
        }
        return SentenceWords.withBytes(of: tokens[position].normalized, body)
    }

    /// The two words of the token's normalised `String` value as they lie
    /// in the token, when `isAvailable`: equal words mean equal strings
    /// (the same short string, or the same storage of a long one), though
    /// equal long strings may differ in them.
    @inline(__always)
    func rawWords(of tokens: UnsafeBufferPointer<Token>, at position: Int) -> (UInt64, UInt64) {
        let string = UnsafeRawPointer(tokens.baseAddress! + position) + offset
        return (string.loadUnaligned(as: UInt64.self), string.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// `WordBytesHash.hash` of the bytes of a short string held in its
    /// inline form (`words` from `rawWords`, `isInline(words)`), worked out
    /// from the two words themselves: the same steps over the same
    /// little-endian words, without copying the bytes out and reading them
    /// back (once per word token of every note). Little-endian hosts only
    /// (see `hashesInline`).
    @inline(__always)
    static func inlineHash(_ words: (UInt64, UInt64)) -> UInt64 {
        let count = Int(truncatingIfNeeded: words.1 >> 56) & 0x0F
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        if count >= 8 {
            hash = (hash ^ words.0) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
            if count > 8 {
                let tail = words.1 & (UInt64.max &>> UInt64(64 - 8 * (count - 8)))
                hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
            }
        } else if count > 0 {
            let tail = words.0 & (UInt64.max &>> UInt64(64 - 8 * count))
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        hash ^= hash >> 32
        return hash
    }

    /// Whether `inlineHash` may stand for `WordBytesHash.hash` here: the
    /// inline form is available and words load little-endian (as the
    /// hash's last, partial word is read).
    var hashesInline: Bool { isAvailable && UInt64(littleEndian: 1) == 1 }

    /// Whether `words` (from `rawWords`) hold a short string in its inline form.
    @inline(__always)
    static func isInline(_ words: (UInt64, UInt64)) -> Bool { UInt8(truncatingIfNeeded: words.1 >> 56) & 0xB0 == 0xA0 }

    /// The 16 bytes of a short string held in the token, copied out with two
    /// raw loads (reading the token's memory as bytes in place would alias
    /// it under another type), and its count; nil for another form.
    @inline(__always)
    private static func inlineBytes(
        of tokens: UnsafeBufferPointer<Token>, at position: Int, offset: Int
    ) -> (words: (UInt64, UInt64), count: Int)? {
        let string = UnsafeRawPointer(tokens.baseAddress! + position) + offset
        let low = string.loadUnaligned(as: UInt64.self)
        let high = string.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        // The last byte: 0xE_ (short ASCII) or 0xA_ (short, not ASCII), then the count.
        let last = UInt8(truncatingIfNeeded: high >> 56)
        guard last & 0xB0 == 0xA0 else { return nil }
        return ((low, high), Int(last & 0x0F))
    }
}

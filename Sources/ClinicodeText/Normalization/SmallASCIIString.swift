/// Makes the `String` of up to 15 ASCII bytes straight from the bytes, in
/// the standard library's inline ("small") form, when this platform's
/// standard library is known to use that form.
///
/// Nearly every token of a note is a short ASCII word, and making its
/// normalised form with `String(decoding:as:)` validated the UTF-8 again
/// (the tokenizer already knows the bytes are ASCII) and cost about as much
/// as tokenising the word. The inline form is not public API, so it is
/// checked once, when a normaliser is made, against strings the standard
/// library builds itself, for every length; where it differs, every string
/// is made the ordinary way.
///
/// The same check lets later stages read a token's normalised form back
/// from its two words (`bytes(inline:)`) without touching the string.
public struct SmallASCIIString: Sendable {
    /// Whether the inline form matched the standard library's for every length.
    public let isAvailable: Bool

    /// The largest byte count stored inline.
    public static let capacity = 15

    /// Checks the inline form against strings the standard library makes.
    public init() {
        var matches = MemoryLayout<String>.size == 16
        if matches {
            let sample = Array("abcdefghijklmnopqrstuvwxyz0123456789-./ABCZ".utf8)
            outer: for offset in [0, 11, 24] {
                for count in 0...Self.capacity {
                    let bytes = Array(sample[offset..<(offset + count)])
                    let expected = String(decoding: bytes, as: UTF8.self)
                    let made = bytes.withUnsafeBufferPointer { Self.inline($0) }
                    if unsafeBitCast(expected, to: (UInt64, UInt64).self) != unsafeBitCast(made, to: (UInt64, UInt64).self)
                        || made != expected || made.utf8.count != count {
                        matches = false
                        break outer
                    }
                }
            }
        }
        isAvailable = matches
    }

    /// The bytes of a string whose two machine words are `low` and `high`
    /// (as stored, e.g. read from a `Token` in place), when it is in the
    /// inline ASCII form: up to 15 bytes packed little-endian, zero above
    /// `count`, in `low` (bytes 0-7) and `high` (bytes 8-14). Nil for any
    /// other string (longer, non-ASCII, or when the form is unavailable).
    @inlinable @inline(__always)
    public func bytes(inline low: UInt64, _ high: UInt64) -> (low: UInt64, high: UInt64, count: Int)? {
        // Top nibble 0xE: immortal, small, ASCII; the next nibble is the count.
        guard isAvailable, high &>> 60 == 0xE else { return nil }
        return (low, high & 0x00FF_FFFF_FFFF_FFFF, Int(truncatingIfNeeded: high &>> 56) & 0xF)
    }

    /// The string of `count` (at most `capacity`) ASCII bytes packed
    /// little-endian in `low` (bytes 0-7) and `high` (bytes 8-14), zero above `count`.
    @inline(__always)
    public func make(low: UInt64, high: UInt64, count: Int) -> String {
        if isAvailable {
            // Taken (moved) out of its two words rather than bit-cast: a
            // bit-cast string is a copy, retained (a call, for an immortal
            // string) for nearly every token of a note.
            var words = (low, high | UInt64(0xE0 | count) << 56)
            return withUnsafeMutablePointer(to: &words) { pointer in
                pointer.withMemoryRebound(to: String.self, capacity: 1) { $0.move() }
            }
        }
        return Self.decode(low: low, high: high, count: count)
    }

    /// The string of `count` ASCII bytes made the ordinary way (when the
    /// inline form is not available): out of line, keeping its stack buffer
    /// out of the callers' frames.
    @inline(never)
    private static func decode(low: UInt64, high: UInt64, count: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            raw.storeBytes(of: low.littleEndian, as: UInt64.self)
            raw.storeBytes(of: high.littleEndian, toByteOffset: 8, as: UInt64.self)
            return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress, count: count), as: UTF8.self)
        }
    }

    /// The inline form of `bytes` (at most `capacity`), made without the standard library.
    private static func inline(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { low |= UInt64(byte) << UInt64(8 * index) } else { high |= UInt64(byte) << UInt64(8 * (index - 8)) }
        }
        return unsafeBitCast((low, high | UInt64(0xE0 | bytes.count) << 56), to: String.self)
    }
}

/// A short ASCII code (8 bytes at most, printable) packed big-endian in an
/// integer: its characters are its bytes, so its length and prefixes are
/// the String's, compared without walking Characters.
struct ASCIICode: Equatable {
    let key: UInt64
    let count: Int

    /// Nil for a longer code or one with a byte outside printable ASCII.
    init?(_ code: String) {
        guard let (key, count) = Self.pack(code, accepting: { $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        (self.key, self.count) = (key, count)
    }

    /// A code's bytes big-endian from the top of an integer, zero-padded, and
    /// their count; nil when longer than 8 bytes or a byte is not `accepted`.
    /// Read over the bytes in place: iterating `utf8` took a String index step
    /// per byte.
    @inline(__always)
    static func pack(_ code: String, accepting accepted: (UInt8) -> Bool) -> (key: UInt64, count: Int)? {
        var code = code
        return code.withUTF8 { bytes -> (key: UInt64, count: Int)? in
            guard bytes.count <= 8 else { return nil }
            var key: UInt64 = 0
            for (count, byte) in bytes.enumerated() {
                guard accepted(byte) else { return nil }
                key |= UInt64(byte) << (56 - 8 * UInt64(count))
            }
            return (key, bytes.count)
        }
    }

    /// Whether `prefix`'s bytes begin this code.
    @inline(__always)
    func starts(with prefix: ASCIICode) -> Bool {
        guard prefix.count <= count else { return false }
        let mask: UInt64 = prefix.count == 0 ? 0 : ~(UInt64.max >> (8 * UInt64(prefix.count)))
        return key & mask == prefix.key
    }
}

/// A short ASCII code (8 bytes at most, printable) packed big-endian in an
/// integer: its characters are its bytes, so its length and prefixes are
/// the String's, compared without walking Characters.
struct ASCIICode: Equatable {
    let key: UInt64
    let count: Int

    /// Nil for a longer code or one with a byte outside printable ASCII.
    init?(_ code: String) {
        var key: UInt64 = 0, count = 0
        for byte in code.utf8 {
            guard count < 8, byte >= 0x20, byte < 0x7f else { return nil }
            key |= UInt64(byte) << (56 - 8 * UInt64(count))
            count += 1
        }
        (self.key, self.count) = (key, count)
    }

    /// Whether `prefix`'s bytes begin this code.
    @inline(__always)
    func starts(with prefix: ASCIICode) -> Bool {
        guard prefix.count <= count else { return false }
        let mask: UInt64 = prefix.count == 0 ? 0 : ~(UInt64.max >> (8 * UInt64(prefix.count)))
        return key & mask == prefix.key
    }
}

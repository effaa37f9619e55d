/// A short ASCII code (8 bytes at most, printable) packed big-endian in an
/// integer: its characters are its bytes, so its length and prefixes are
/// the String's, compared without walking Characters.
struct ASCIICode: Equatable {
    let key: UInt64
    let count: Int

    /// Nil for a longer code or one with a byte outside printable ASCII.
    init?(_ code: String) {
        // Over the bytes in place: iterating `utf8` took a String index step per byte.
        let packed = code.utf8.withContiguousStorageIfAvailable { bytes -> (UInt64, Int)? in
            guard bytes.count <= 8 else { return nil }
            var key: UInt64 = 0
            for (count, byte) in bytes.enumerated() {
                guard byte >= 0x20, byte < 0x7f else { return nil }
                key |= UInt64(byte) << (56 - 8 * UInt64(count))
            }
            return (key, bytes.count)
        } ?? Self.packedByIndex(code)
        guard let (key, count) = packed else { return nil }
        (self.key, self.count) = (key, count)
    }

    /// The packing of a code whose bytes are not stored contiguously, read one by one.
    private static func packedByIndex(_ code: String) -> (UInt64, Int)? {
        var key: UInt64 = 0, count = 0
        for byte in code.utf8 {
            guard count < 8, byte >= 0x20, byte < 0x7f else { return nil }
            key |= UInt64(byte) << (56 - 8 * UInt64(count))
            count += 1
        }
        return (key, count)
    }

    /// Whether `prefix`'s bytes begin this code.
    @inline(__always)
    func starts(with prefix: ASCIICode) -> Bool {
        guard prefix.count <= count else { return false }
        let mask: UInt64 = prefix.count == 0 ? 0 : ~(UInt64.max >> (8 * UInt64(prefix.count)))
        return key & mask == prefix.key
    }
}

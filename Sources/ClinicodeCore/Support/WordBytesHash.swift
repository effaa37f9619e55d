/// The hash the per-token word tables share (the text layer's `WordTable`,
/// the matcher's vocabulary slots): a word's UTF-8 bytes mixed eight at a
/// time, one multiply per chunk, so a lookup neither builds a `String` nor
/// runs the standard library's seeded hasher. Tables are built in memory at
/// load time, never stored, so the values may change between versions.
public enum WordBytesHash {
    /// The hash of a word's bytes.
    @inlinable @inline(__always)
    public static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(word.count)
        var index = 0
        let count = word.count
        if let base = word.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 29
                index += 8
            }
            if index < count {
                var tail: UInt64 = 0
                var shift: UInt64 = 0
                while index < count {
                    tail |= UInt64(word[index]) << shift
                    shift += 8
                    index += 1
                }
                hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
            }
        }
        hash ^= hash >> 32
        return hash
    }
}

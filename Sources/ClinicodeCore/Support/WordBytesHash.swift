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
                hash = (hash ^ littleEndian(raw + index, count: count - index)) &* 0x94D0_49BB_1331_11EB
            }
        }
        hash ^= hash >> 32
        return hash
    }

    /// `count` (0...8) bytes as a little-endian number, zero-padded: at most
    /// two overlapping loads instead of a loop over the bytes (most words
    /// are shorter than eight bytes, so every hash ended in that loop).
    @inlinable @inline(__always)
    public static func littleEndian(_ bytes: UnsafeRawPointer, count: Int) -> UInt64 {
        switch count {
        case 8...:
            return UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        case 4...:
            // The two halves overlap where count < 8: the same bytes, ORed twice.
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high << UInt64((count - 4) * 8)
        case 2...:
            let low = UInt64(UInt16(littleEndian: bytes.loadUnaligned(as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
            return low | high << UInt64((count - 2) * 8)
        case 1:
            return UInt64(bytes.load(as: UInt8.self))
        default:
            return 0
        }
    }
}

/// The 64-bit FNV-1a hash the ranker keys note words, terms and codes by
/// (its model stores these hashes, so the function is fixed), seeded by a
/// namespace byte so that words, terms and codes never share keys.
///
/// Here, beside `Document`, so that the matcher, which reads every word's
/// bytes anyway, can hash each distinct word of a note once into
/// `Document.wordHashes`, and the ranker need not hash every token again.
public enum NoteWordHash {
    /// Namespace of plain note words (and the words of titles).
    public static let word: UInt8 = 1

    /// The hash of UTF-8 bytes in a namespace.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, namespace: UInt8) -> UInt64 {
        var value = (0xcbf2_9ce4_8422_2325 ^ UInt64(namespace)) &* 0x0000_0100_0000_01b3
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return value
    }
}

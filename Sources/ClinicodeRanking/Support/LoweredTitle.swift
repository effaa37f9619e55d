/// A code title's UTF-8 bytes with ASCII letters lower-cased, for substring
/// tests that neither allocate Strings nor go through Foundation (they run
/// once for every code the ranker meets).
struct LoweredTitle {
    let bytes: [UInt8]

    init(_ title: String) {
        bytes = title.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    /// Whether the (lower-case ASCII) needle occurs.
    func contains(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, count <= bytes.count else { return count == 0 }
        return needle.withUTF8Buffer { pattern in
            for start in 0...(bytes.count - count) where bytes[start] == pattern[0] {
                var offset = 1
                while offset < count, bytes[start + offset] == pattern[offset] { offset += 1 }
                if offset == count { return true }
            }
            return false
        }
    }

    /// Whether the title starts with the (lower-case ASCII) prefix.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { pattern in
            for offset in 0..<count where bytes[offset] != pattern[offset] { return false }
            return true
        }
    }
}

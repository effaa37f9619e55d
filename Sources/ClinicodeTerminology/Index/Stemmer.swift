/// A small suffix stemmer for English clinical words: folds plurals and the
/// `-ed`/`-ing` inflections, and drops a final silent `e`, so that
/// "fractures", "fractured" and "fracture" share one key. Applied the same
/// way to lexicon terms and to notes, so it only needs to be consistent, not
/// linguistically exact. Works on ASCII lower-case letters; anything with a
/// digit, hyphen or non-ASCII letter is left as is.
enum Stemmer {
    /// The stem of `word` as (bytes of the word to keep, byte to append or 0).
    @inline(__always)
    static func stem(_ word: UnsafeBufferPointer<UInt8>) -> (keep: Int, append: UInt8) {
        var n = word.count
        guard n > 3 else { return (n, 0) }
        for byte in word where byte < 0x61 || byte > 0x7a { return (n, 0) }
        @inline(__always) func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard n >= length else { return false }
            let start = suffix.utf8Start
            for offset in 0..<length where word[n - length + offset] != start[offset] { return false }
            return true
        }
        if n > 4, ends("ies") { return (n - 3, 0x79) } // y
        if ends("sses") {
            n -= 2
        } else if ends("es"), n > 4, ends("xes") || ends("zes") || ends("ches") || ends("shes") || ends("ses") && !ends("sses") {
            n -= 2
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            n -= 1
        } else if n > 5, ends("ing") {
            n -= 3
        } else if n > 5, ends("ed"), !ends("eed") {
            n -= 2
        }
        if n > 4, word[n - 1] == 0x65, word[n - 2] != 0x65 { n -= 1 } // silent e
        return (n, 0)
    }

    /// The stem of a word as a string.
    static func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes in
            let (keep, append) = stem(bytes)
            var result = Array(bytes[0..<keep])
            if append != 0 { result.append(append) }
            return String(decoding: result, as: UTF8.self)
        }
    }
}

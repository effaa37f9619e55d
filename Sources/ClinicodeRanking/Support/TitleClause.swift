/// The words of a code title's "with" or "without" clauses, hashed as title
/// words: what a code is for ("... with gangrene") or says is absent
/// ("... severe without psychotic features").
enum TitleClause {
    /// The hashed words of every clause `opening` starts, each running to
    /// `closing` (and, when `endsAtComma`, to the next comma); empty when the
    /// title has none.
    static func words(of title: String, opening: String, closing: String, endsAtComma: Bool) -> [UInt64] {
        // An ASCII title is read byte by byte (characters are bytes, lower-casing
        // is ASCII's): no lowered copy, no split into Substrings, no String built
        // per clause. This runs for every "with" title a ranker meets.
        var title = title
        if let words = title.withUTF8({ asciiWords(of: $0, opening: opening, closing: closing, endsAtComma: endsAtComma) }) {
            return words
        }
        var clauses = ""
        var inClause = false
        for part in title.lowercased().split(separator: " ") {
            let endsWithComma = part.hasSuffix(",")
            let bare = endsWithComma ? part.dropLast() : part
            if bare == opening {
                inClause = true
            } else if bare == closing {
                inClause = false
            } else if inClause {
                clauses += " " + bare
            }
            if endsAtComma, endsWithComma { inClause = false }
        }
        guard !clauses.isEmpty else { return [] }
        var words: [UInt64] = []
        WordHash.titleWords(clauses, into: &words)
        return words
    }

    /// `words(of:opening:closing:endsAtComma:)` over an ASCII title's bytes, nil
    /// when the title is not ASCII. The same steps: space-separated parts, one
    /// trailing comma dropped, lower-cased, the clause's parts joined by spaces.
    private static func asciiWords(
        of bytes: UnsafeBufferPointer<UInt8>, opening: String, closing: String, endsAtComma: Bool
    ) -> [UInt64]? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        @inline(__always) func lowered(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        func equals(_ word: String, _ part: Range<Int>) -> Bool {
            word.utf8.elementsEqual(bytes[part].lazy.map(lowered))
        }
        var clauses: [UInt8] = []
        var inClause = false
        var start = 0
        while start < bytes.count {
            if bytes[start] == UInt8(ascii: " ") {
                start += 1
                continue
            }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: " ") { end += 1 }
            let endsWithComma = bytes[end - 1] == UInt8(ascii: ",")
            let bare = start..<(endsWithComma ? end - 1 : end)
            if equals(opening, bare) {
                inClause = true
            } else if equals(closing, bare) {
                inClause = false
            } else if inClause {
                clauses.append(UInt8(ascii: " "))
                for index in bare { clauses.append(lowered(bytes[index])) }
            }
            if endsAtComma, endsWithComma { inClause = false }
            start = end
        }
        guard !clauses.isEmpty else { return [] }
        var words: [UInt64] = []
        WordHash.titleWords(bytes: clauses, into: &words)
        return words
    }
}

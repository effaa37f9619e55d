import ClinicodeCore

/// What titles say, read once per node or family: unspecified and residual
/// titles, the words that tell children apart, the default child, and the
/// essential (unbracketed) words of a title.
extension Specificity {
    /// "Hyperlipidemia, unspecified", "Type 2 diabetes mellitus without complications".
    static func isUnspecifiedTitle(_ title: String) -> Bool { isUnspecifiedTitle(LoweredTitle(title)) }

    static func isUnspecifiedTitle(_ lowered: LoweredTitle) -> Bool {
        lowered.saysUnspecified || lowered.saysWithoutComplication
    }

    /// "Other hyperlipidemia", "Type 2 diabetes mellitus with other diabetic kidney complication",
    /// "Other specified ...": a residual code for types the note must name.
    static func isOtherTitle(_ title: String) -> Bool { isOtherTitle(LoweredTitle(title)) }

    static func isOtherTitle(_ lowered: LoweredTitle) -> Bool {
        lowered.startsWithOther || lowered.saysSpacedOther || lowered.saysOtherSpecified
    }

    /// Per child, the words that can credit it in `bestChild`, in title order:
    /// its essential words not in the parent's title, those of a "without"
    /// clause with a negative weight (unnamed, they count for nothing). Nonessential modifiers
    /// in parentheses do not distinguish a child, and words an unspecified
    /// sibling also carries ("Hyperlipidemia, unspecified") cannot support an
    /// "Other ..." child: "other" means a type the note must name beyond those words.
    static func distinguishingWords(parent: CatalogNode, children: [CatalogNode]) -> [[(hash: UInt64, weight: Double)]] {
        let parentWords = parent.essentialWords
        var unspecifiedWords: [UInt64] = []
        for child in children where child.isUnspecified {
            unspecifiedWords.append(contentsOf: child.essentialWords.map(\.hash))
        }
        return children.map { child in
            // Words the child says are absent carry a negative weight (see `withoutClauseWords`).
            let absent = child.saysWithout ? withoutClauseWords(of: child.title) : []
            return child.essentialWords.filter { word, _ in
                !parentWords.contains(where: { $0.hash == word }) && !(child.isOther && unspecifiedWords.contains(word))
                    && word != withoutWord
            }.map { word, weight in (word, absent.contains(word) ? -weight : weight) }
        }
    }

    /// The hashed words of a title's "without" clauses, each to the next comma or
    /// "with": what the code says is absent. A note that does not name them is
    /// no evidence against the code ("severe without psychotic features", F32.2).
    static func withoutClauseWords(of title: String) -> [UInt64] {
        TitleClause.words(of: title, opening: "without", closing: "with", endsAtComma: true)
    }

    /// "Without" joins a title's words; a note that never writes it is no
    /// evidence against the "without rupture of ear drum" child (H66.00),
    /// whose sibling would otherwise win on the words they share.
    static let withoutWord = WordHash.hash("without", namespace: WordHash.word)

    /// The word that makes a fracture open (7th characters B, C, E, F, H, J, M, N, Q, R).
    static let openWord = WordHash.hash("open", namespace: WordHash.word)

    /// The default among children that are not all 7th-character expansions
    /// (it does not depend on the note).
    static func plainDefaultChild(_ children: [CatalogNode]) -> CatalogNode? {
        func unspecified(_ node: CatalogNode) -> Bool { node.saysUnspecified }
        func endsInNine(_ node: CatalogNode) -> Bool { node.code.code.utf8.last == UInt8(ascii: "9") }
        // "Nicotine dependence, cigarettes, uncomplicated" (F17.210), not "…, with
        // unspecified nicotine-induced disorders" (F17.219): the index's default.
        let unspecifiedDefault = children.first { $0.title.hasSuffix(", uncomplicated") }
            ?? children.first { endsInNine($0) && unspecified($0) }
            ?? children.first { endsInNine($0) && $0.saysWithout }
            ?? children.first { unspecified($0) && !$0.saysWithUnspecified }
            ?? children.first(where: endsInNine)
            ?? children.first(where: unspecified)
        if let unspecifiedDefault { return unspecifiedDefault }
        // "With ketoacidosis without coma" beside "... with coma" (E10.10, E10.11):
        // a finding the note does not name is coded as absent.
        return children.first(where: \.saysWithout)
            // No unspecified child: the residual "other" child says no more
            // than the note does; the first child (Z87.890, Z68.1 "BMI 19.9
            // or less") would say more, so there is no default.
            ?? children.first(where: \.isOther)
    }

    /// `WordHash.titleWords(essentialWords(title))` without building the
    /// String: for an ASCII title, characters are bytes, so the bracketed
    /// bytes are skipped (not split on) as `essentialWords` drops them.
    static func essentialTitleWords(_ title: String, into result: inout [UInt64]) {
        let utf8 = title.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            WordHash.titleWords(essentialWords(title), into: &result)
            return
        }
        var depth = 0
        let kept = utf8.lazy.filter { byte in
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1; return false
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1); return false
            default: return depth == 0
            }
        }
        WordHash.titleWords(bytes: kept, into: &result)
    }

    /// A title without its parenthesised and bracketed (nonessential) words.
    static func essentialWords(_ title: String) -> String {
        guard title.contains("(") || title.contains("[") else { return title }
        var result = ""
        var depth = 0
        for character in title {
            if character == "(" || character == "[" { depth += 1; continue }
            if character == ")" || character == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { result.append(character) }
        }
        return result
    }

    /// `S52.501A` under `S52.501`, `T07.XXXA` under `T07`.
    /// (Printable ASCII codes, all of them in practice, are told by their bytes:
    /// counting Characters breaks graphemes, and the ranker asks this per mention.)
    static func isSeventhCharacterExpansion(_ code: String, of parent: String) -> Bool {
        let bytes = code.utf8
        guard bytes.count >= 8 else { return false }  // never fewer bytes than Characters
        if bytes.count == 8, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7f }), let last = bytes.last {
            guard (last | 0x20) >= UInt8(ascii: "a") && (last | 0x20) <= UInt8(ascii: "z") else { return false }
            return parent.utf8.count < 8 || parent.count < 8
        }
        return code.count == 8 && code.last.map { $0.isLetter } == true && code.count > parent.count
    }
}

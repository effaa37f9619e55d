import ClinicodeCore
import ClinicodeText

/// Turns code titles, inclusion terms and synonyms into the vocabulary and
/// the term index: tokenise with the text layer, drop fillers, fold variants,
/// stem, and merge terms that reduce to the same word set.
struct TermIndexBuilder {
    /// Linking words kept in a term's text but not required in a mention:
    /// ICD-10-CM's "with" means "associated with", which notes rarely write.
    static let optionalConnectors: Set<String> = ["with", "w"]
    /// Words marking a residual ("other ...") category: specified elsewhere
    /// in the note, so a plain mention prefers the "unspecified" code sharing
    /// its wording (coding convention NEC vs NOS).
    static let residualWords: Set<String> = ["other"]
    /// Rank offset of a residual code in a term's code list (listed last).
    static let residualRank = 10_000

    /// A text reduced to what the matcher compares.
    struct Registered {
        /// Word ids a mention must contain, in text order, without repeats.
        var required: [UInt32]
        /// The normalised words, space-separated.
        var normalized: String
        /// How many filler words were dropped.
        var dropped: Int
        /// Whether it names a residual category.
        var residual: Bool
    }

    let analyzer: TextAnalyzer
    let folding: WordFolding
    private(set) var keys: [String] = []
    private var keyIDs: [String: UInt32] = [:]
    private var forms: [String: UInt32] = [:]
    private var termsByWords: [[UInt32]: Int] = [:]
    private var termWords: [[UInt32]] = []
    /// Per term: (packed code, rank) — lower ranks are listed first.
    private var termCodes: [[(packed: UInt32, rank: Int)]] = []
    private var termTexts: [String] = []

    init(analyzer: TextAnalyzer, folding: WordFolding) {
        self.analyzer = analyzer
        self.folding = folding
    }

    /// The normalised words of a text, hyphen/slash compounds split into parts.
    static func words(of text: String, analyzer: TextAnalyzer) -> [String] {
        var result: [String] = []
        let tokens = analyzer.tokenize(text)
        for (position, token) in tokens.enumerated() where token.kind == .word || token.kind == .number {
            if token.normalized.contains(where: { $0 == "-" || $0 == "/" }) {
                result += token.normalized.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
            } else {
                result.append(token.normalized)
            }
            // "HR+", "HER2-": the sign is a word of the term, so "HR 88" (heart rate) is not "HR+".
            if let sign = SignWord(after: position, in: tokens) { result.append(sign.word) }
        }
        return result
    }

    /// ICD-10-CM wording conventions: text in parentheses is a nonessential
    /// modifier (dropped); text in square brackets is an alternative for the
    /// word(s) just before it ("navicular [scaphoid] bone", "Leprosy
    /// [Hansen's disease]"), so it yields a second wording with those words
    /// replaced. Brackets holding a comma are explanations and are dropped, as
    /// are coding instructions ("branchial cyst [site of neoplasm]": code by
    /// the site), which would otherwise leave a bare "malignant neoplasm".
    static func alternatives(of text: String) -> [String] {
        enum Segment { case text(String), bracket(String) }
        var segments: [Segment] = []
        var plain = ""
        var inner = ""
        var depth = 0
        var bracket = false
        for character in text {
            switch character {
            case "(", "[":
                if depth == 0 {
                    segments.append(.text(plain))
                    plain = ""
                    inner = ""
                    bracket = character == "["
                }
                depth += 1
            case ")", "]":
                guard depth > 0 else { continue }
                depth -= 1
                if depth == 0, bracket, !inner.contains(","), !inner.lowercased().hasPrefix("site of") {
                    segments.append(.bracket(inner))
                }
            default:
                if depth == 0 { plain.append(character) } else { inner.append(character) }
            }
        }
        segments.append(.text(plain))
        func words(_ segments: ArraySlice<Segment>) -> [Substring] {
            segments.flatMap { segment -> [Substring] in
                if case let .text(value) = segment { return value.split(separator: " ") }
                return []
            }
        }
        var result = [words(segments[...]).joined(separator: " ")]
        for (position, segment) in segments.enumerated() {
            guard case let .bracket(alternative) = segment else { continue }
            let replacement = alternative.split(separator: " ")
            let before = words(segments[..<position]).dropLast(replacement.count)
            let after = words(segments[(position + 1)...])
            result.append((before + replacement + after).joined(separator: " "))
        }
        return result
    }

    /// Word ids of a text (registering new words) and its normalised form.
    mutating func register(_ text: String) -> Registered {
        let words = Self.words(of: text, analyzer: analyzer)
        var required: [UInt32] = []
        var dropped = 0
        var residual = false
        for word in words {
            if Self.residualWords.contains(word) { residual = true }
            guard let key = folding.key(word) else { dropped += 1; continue }
            let id = idForKey(key)
            addForm(word, id)
            addStemForm(of: word, id)
            if Self.optionalConnectors.contains(word) { continue }
            if !required.contains(id) { required.append(id) }
        }
        return Registered(required: required, normalized: words.joined(separator: " "), dropped: dropped, residual: residual)
    }

    /// The id of a key, creating it.
    mutating func idForKey(_ key: String) -> UInt32 {
        if let id = keyIDs[key] { return id }
        let id = UInt32(keys.count)
        keys.append(key)
        keyIDs[key] = id
        return id
    }

    private mutating func addForm(_ form: String, _ id: UInt32) {
        if forms[form] == nil { forms[form] = id }
    }

    /// A title without its exception clauses: "kidney, except renal pelvis"
    /// names the kidney, and a note never writes what the code leaves out
    /// (the words after "except" up to the next comma or bracket).
    static func withoutExceptions(_ text: String) -> String {
        guard text.range(of: "except", options: .caseInsensitive) != nil else { return text }
        var result = ""
        var skipping = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if word.lowercased() == "except" {
                skipping = true
                if result.hasSuffix(",") { result.removeLast() }
                continue
            }
            if skipping {
                // The clause ends at its last word: one ending in a comma or bracket.
                if let last = word.last, ",])".contains(last) {
                    skipping = false
                    result += String(last)
                }
                continue
            }
            result += (result.isEmpty ? "" : " ") + word
        }
        return result
    }

    /// Adds a term for a code.
    mutating func addTerm(_ text: String, code: Int, billable: Bool, source: MatchSource) {
        let text = Self.withoutExceptions(text)
        // The title's own wording first: a rewording shares its code and source.
        for alternative in Self.alternatives(of: text) + folding.reworded(text).flatMap(Self.alternatives(of:)) {
            let registered = register(alternative)
            guard !registered.required.isEmpty else { continue }
            let packed = UInt32(code) << 3 | UInt32(source.rawValue)
            // Specific wording first, then billable codes, then fewer dropped words, then source.
            let rank = (registered.residual ? Self.residualRank : 0) + (billable ? 0 : 1_000)
                + registered.dropped * 10 + Int(source.rawValue)
            let key = registered.required.sorted()
            if let term = termsByWords[key] {
                if let existing = termCodes[term].firstIndex(where: { $0.packed >> 3 == UInt32(code) }) {
                    termCodes[term][existing].rank = min(termCodes[term][existing].rank, rank)
                } else {
                    termCodes[term].append((packed, rank))
                }
            } else {
                termsByWords[key] = termWords.count
                termWords.append(registered.required)
                termCodes.append([(packed, rank)])
                termTexts.append(registered.normalized)
            }
        }
    }

    /// Makes the variant spellings of every known canonical word resolve to it.
    mutating func addVariantForms() {
        for (variant, canonical) in folding.variants {
            guard let id = keyIDs[Stemmer.stem(canonical)] else { continue }
            addForm(variant, id)
            addStemForm(of: variant, id)
        }
    }

    /// Makes a word's stem a form of the word's id, unless the stem is a word
    /// that folds elsewhere: "hers" (the eponym) stems to "her", which stays
    /// the pronoun.
    mutating func addStemForm(of word: String, _ id: UInt32) {
        let stem = Stemmer.stem(word)
        guard stem == word || folding.key(stem) == folding.key(word) else { return }
        addForm(stem, id)
    }

    /// The finished vocabulary and index.
    func finish() -> (Vocabulary, TermIndex) {
        var frequency = [Int](repeating: 0, count: keys.count)
        for words in termWords { for id in words { frequency[Int(id)] += 1 } }
        let vocabulary = Vocabulary(
            keys: keys, forms: forms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            documentFrequency: frequency, termCount: termWords.count)

        var words = CompressedRows()
        var codes = CompressedRows()
        var texts = StringTable()
        var weights: [Float] = []
        var anchorLists = [[UInt32]](repeating: [], count: keys.count)
        var postingLists = [[UInt32]](repeating: [], count: keys.count)
        for term in termWords.indices {
            let sorted = termWords[term].sorted { (frequency[Int($0)], $0) < (frequency[Int($1)], $1) }
            words.append(row: sorted)
            // A residual ("other ...") code whose wording another code shares
            // without "other" is not what that wording names ("hypertension" is
            // I10, not I1A "Other hypertension"): the coder's index sends it elsewhere.
            let named = termCodes[term].contains { $0.rank < Self.residualRank }
            codes.append(row: termCodes[term].enumerated()
                .filter { !named || $0.element.rank < Self.residualRank }
                .sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element.packed))
            texts.append(termTexts[term])
            weights.append(sorted.reduce(Float(0)) { $0 + vocabulary.idf[Int($1)] })
            anchorLists[Int(sorted[0])].append(UInt32(term))
            for id in sorted { postingLists[Int(id)].append(UInt32(term)) }
        }
        var anchors = CompressedRows()
        for list in anchorLists { anchors.append(row: list) }
        var postings = CompressedRows()
        for list in postingLists { postings.append(row: list) }
        return (vocabulary, TermIndex(words: words, codes: codes, texts: texts, weights: weights,
                                      anchors: anchors, postings: postings))
    }
}

import ClinicodeCore

extension Specificity {
    /// Descends from a code whose children name numeric ranges in their
    /// titles ("Body mass index [BMI] 30-39, adult", "… 32.0-32.9, adult",
    /// "… 70 or greater, adult") to the billable code whose range holds
    /// `value`; nil when a level has no child whose range holds it. Words
    /// cannot choose here: "BMI 32.4" shares no word with Z68.32's title.
    func descend(from start: CatalogNode, toValue value: Double) -> CatalogNode? {
        var node = start
        var depth = 0
        while !node.billable, node.hasChildren, depth < 6 {
            depth += 1
            let children = catalog.children(of: node)
            guard let next = children.first(where: { Self.titleValues(of: $0).range?.contains(value) ?? false })
                ?? children.first(where: { Self.titleValues(of: $0).leadingNumber == value })
            else { return nil }
            node = next
        }
        return node.billable && node.id != start.id ? node : nil
    }

    /// The range and leading number a node's title states, parsed once per node:
    /// a stated value made every mention of a category parse its children's titles.
    static func titleValues(of node: CatalogNode) -> TitleValues {
        node.titleValuesSlot.value {
            let title = node.title
            return NodeAnswer(TitleValues(range: valueRange(inTitle: title), leadingNumber: leadingNumber(ofTitle: title)))
        }.value
    }

    /// The whole number a title starts with ("32 weeks gestation of pregnancy"):
    /// the last level under a range names single values.
    static func leadingNumber(ofTitle title: String) -> Double? {
        let digits = title.utf8.prefix { $0 &- 0x30 < 10 }
        guard !digits.isEmpty, digits.count < 4, title.utf8.dropFirst(digits.count).first == UInt8(ascii: " ") else { return nil }
        return Double(String(decoding: digits, as: UTF8.self))
    }

    /// The number a mention states right after its words ("BMI 32.4", "BMI:
    /// 32.4", "BMI of 32.4", "BMI is 32"), within its sentence.
    static func statedValue(after mention: MentionPlace, in document: Document) -> Double? {
        guard mention.sentence < document.sentences.count else { return nil }
        let end = document.sentences[mention.sentence].tokens.upperBound
        var index = mention.tokens.upperBound
        var skipped = 0
        while index < end, index < document.tokens.count {
            let token = document.tokens[index]
            if token.kind == .number { return Double(token.normalized) }
            guard skipped < 2, valueLeadIns.contains(token.normalized) else { return nil }
            skipped += 1
            index += 1
        }
        return nil
    }

    /// The number right before a mention's words ("32 weeks gestation"), within
    /// its sentence: the measure's own value, where another number of the
    /// sentence ("28 year old ... at 32 weeks") would tie the ranges' words.
    static func statedValue(before mention: MentionPlace, in document: Document) -> Double? {
        guard mention.sentence < document.sentences.count else { return nil }
        let index = mention.tokens.lowerBound - 1
        guard index >= document.sentences[mention.sentence].tokens.lowerBound, index < document.tokens.count else { return nil }
        let token = document.tokens[index]
        return token.kind == .number ? Double(token.normalized) : nil
    }

    /// Words and signs that may stand between a measure's name and its value.
    private static let valueLeadIns: Set<String> = [":", "=", "of", "is", "was", "(", "about", "approximately"]

    /// The range a title states: "20.0-20.9" (a whole-number bound such as
    /// "30-39" runs to 39.99…), "19.9 or less", "70 or greater", "less than 8". Numbers
    /// glued to letters ("5th percentile") are no bounds.
    static func valueRange(inTitle title: String) -> ClosedRange<Double>? {
        // Most titles hold no digit: ruled out before their scalars are copied.
        guard title.utf8.contains(where: { $0 &- 0x30 < 10 }) else { return nil }
        let scalars = Array(title.unicodeScalars)
        var index = 0
        func isDigit(_ position: Int) -> Bool { scalars[position].value &- 0x30 < 10 }
        func isLetter(_ position: Int) -> Bool { scalars[position].properties.isAlphabetic }
        func text(_ slice: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: slice)
            return String(view)
        }
        func number(at start: Int) -> (value: Double, whole: Bool, end: Int)? {
            var end = start
            var sawDot = false
            while end < scalars.count, isDigit(end) || (!sawDot && scalars[end] == "." && end > start) {
                if scalars[end] == "." { sawDot = true }
                end += 1
            }
            guard end > start, end == scalars.count || !isLetter(end),
                let value = Double(text(scalars[start..<end]))
            else { return nil }
            return (value, !sawDot, end)
        }
        while index < scalars.count {
            guard isDigit(index), index == 0 || !(isLetter(index - 1) || isDigit(index - 1)),
                let low = number(at: index)
            else {
                index += 1
                continue
            }
            // A bound's range runs to the end of its last digit ("32.9" to 32.999).
            func top(_ bound: (value: Double, whole: Bool, end: Int)) -> Double { bound.value + (bound.whole ? 0.999 : 0.0999) }
            let rest = text(scalars[low.end...])
            if rest.hasPrefix("-"), let high = number(at: low.end + 1) { return low.value...top(high) }
            if rest.hasPrefix(" or less") { return -Double.infinity...top(low) }
            if rest.hasPrefix(" or greater") { return low.value...Double.infinity }
            // "Less than 8 weeks", "... or less than 10 weeks": below the bound.
            if text(scalars[..<index]).lowercased().hasSuffix("less than ") { return -Double.infinity...low.value.nextDown }
            index = low.end
        }
        return nil
    }
}

/// The numbers a title states (see `Specificity.valueRange(inTitle:)` and
/// `Specificity.leadingNumber(ofTitle:)`).
struct TitleValues: Sendable {
    let range: ClosedRange<Double>?
    let leadingNumber: Double?
}

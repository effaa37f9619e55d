import ClinicodeCore
import ClinicodeText

/// Finds a target phrase ("the condition") in a note, for assertion
/// queries about a given phrase rather than a matched concept.
public enum TargetLocator {
    /// The span of `target` in `document`: first as a run of normalised tokens
    /// (so spacing, case and accents do not matter), then as a case-insensitive
    /// substring. Nil when absent. When the phrase occurs several times, the first
    /// occurrence written wholly in upper case in otherwise mixed-case text wins
    /// (annotated corpora such as NegEx's mark the target that way: "Schizophrenia:
    /// the patient has a long history of SCHIZOPHRENIA"); else the first occurrence.
    public static func locate(_ target: String, in document: Document, analyzer: TextAnalyzer) -> TextSpan? {
        let words = analyzer.tokenize(target).map(\.normalized)
        if !words.isEmpty, words.count <= document.tokens.count {
            let tokens = document.tokens
            var first: TextSpan?
            outer: for start in 0...(tokens.count - words.count) where tokens[start].normalized == words[0] {
                for offset in 1..<words.count where tokens[start + offset].normalized != words[offset] {
                    continue outer
                }
                let span = TextSpan(start: tokens[start].span.start, end: tokens[start + words.count - 1].span.end)
                if first == nil {
                    first = span
                } else if isUpperCase(span, in: document.scalars) && !isUpperCase(first!, in: document.scalars) {
                    return span
                }
            }
            if let first { return first }
        }
        return substring(target, in: document.scalars)
    }

    /// True when the span has a letter and no lower-case letter.
    private static func isUpperCase(_ span: TextSpan, in scalars: [Unicode.Scalar]) -> Bool {
        var sawLetter = false
        for index in span.start..<span.end {
            let properties = scalars[index].properties
            if properties.isLowercase { return false }
            if properties.isUppercase { sawLetter = true }
        }
        return sawLetter
    }

    /// Case-insensitive (simple lower-casing) scalar search.
    private static func substring(_ target: String, in scalars: [Unicode.Scalar]) -> TextSpan? {
        let needle = target.unicodeScalars.map(lower)
        guard !needle.isEmpty, needle.count <= scalars.count else { return nil }
        outer: for start in 0...(scalars.count - needle.count) where lower(scalars[start]) == needle[0] {
            for offset in 1..<needle.count where lower(scalars[start + offset]) != needle[offset] {
                continue outer
            }
            return TextSpan(start: start, end: start + needle.count)
        }
        return nil
    }

    private static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.properties.isUppercase ? (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar) : scalar
    }
}

import ClinicodeCore
import ClinicodeText

/// Finds a target phrase ("the condition") in a note, for assertion
/// queries about a given phrase rather than a matched concept.
public enum TargetLocator {
    /// The span of the first occurrence of `target` in `document`: first as a
    /// run of normalised tokens (so spacing, case and accents do not matter),
    /// then as a case-insensitive substring. Nil when absent.
    public static func locate(_ target: String, in document: Document, analyzer: TextAnalyzer) -> TextSpan? {
        let words = analyzer.tokenize(target).map(\.normalized)
        if !words.isEmpty, words.count <= document.tokens.count {
            let tokens = document.tokens
            outer: for start in 0...(tokens.count - words.count) where tokens[start].normalized == words[0] {
                for offset in 1..<words.count where tokens[start + offset].normalized != words[offset] {
                    continue outer
                }
                return TextSpan(start: tokens[start].span.start, end: tokens[start + words.count - 1].span.end)
            }
        }
        return substring(target, in: document.scalars)
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

import ClinicodeCore

/// A plus or minus sign written against a word ("HR+", "HER2-", "ER+/PR+"):
/// the sign says "positive" or "negative", so terms and notes both read it
/// as that word. Without it an inclusion term such as "HR+" (Z17.41) would
/// match every "HR 88" (heart rate) in a note's vitals.
enum SignWord {
    case positive
    case negative

    /// The word the sign stands for.
    var word: String {
        switch self {
        case .positive: return "positive"
        case .negative: return "negative"
        }
    }

    /// The sign written directly after the word or number at `position`, if any.
    init?(after position: Int, in tokens: [Token]) {
        guard let sign = tokens.withUnsafeBufferPointer({ SignWord(after: position, in: $0) }) else { return nil }
        self = sign
    }

    /// The sign written directly after the word or number at `position`, if any.
    init?(after position: Int, in tokens: UnsafeBufferPointer<Token>) {
        let next = position + 1
        guard next < tokens.count, tokens[next].kind == .symbol,
            tokens[next].span.start == tokens[position].span.end
        else { return nil }
        switch tokens[next].normalized {
        case "+": self = .positive
        case "-": self = .negative
        default: return nil
        }
    }
}

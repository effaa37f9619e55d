import ClinicodeCore

/// Facts about one alphanumeric run between connectors.
struct Segment {
    var end: Int
    var letters = 0
    var digits = 0
    var upper = 0
    var lower = 0
    var startsWithDigit = false
    var endsWithDigit = false
    var isLettersOnly: Bool { digits == 0 && letters > 0 }
    var isDigitsOnly: Bool { letters == 0 && digits > 0 }
}

extension Scan {
    func scanSegment(from start: Int) -> Segment {
        var segment = Segment(end: start)
        var index = start
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            let value = scalar.value
            // ASCII letters and digits inline: this loop sees nearly every scalar of a note.
            if value < 0x80 {
                if (value | 0x20) &- 0x61 < 26 {
                    segment.endsWithDigit = false
                    segment.letters += 1
                    if value & 0x20 == 0 { segment.upper += 1 } else { segment.lower += 1 }
                    index += 1
                    continue
                }
                if value &- 0x30 < 10 {
                    if index == start { segment.startsWithDigit = true }
                    segment.endsWithDigit = true
                    segment.digits += 1
                    index += 1
                    continue
                }
                break
            }
            switch ScalarClass(scalar) {
            case .letter:
                segment.endsWithDigit = false
                segment.letters += 1
                if scalar.isUpperLetter { segment.upper += 1 } else if scalar.isLowerLetter { segment.lower += 1 }
            case .digit:
                if index == start { segment.startsWithDigit = true }
                segment.endsWithDigit = true
                segment.digits += 1
            case .extend: break
            default:
                segment.end = index
                return segment
            }
            index += 1
        }
        segment.end = index
        return segment
    }


    /// A word or number that is not a plain run of ASCII letters: digits,
    /// connectors, other scripts, marks.
    mutating func scanGeneralWord(from start: Int, _ normalizer: Normalizer) -> Int {
        let count = scalars.count
        var left = scanSegment(from: start)
        var end = left.end
        var letters = left.letters, digits = left.digits, upper = left.upper, lower = left.lower
        var dotted = false
        var onlyDecimalConnectors = true
        while end + 1 < count, Tokenizer.isConnector(scalars[end]), ScalarClass(scalars[end + 1]).isAlphanumeric {
            let connector = scalars[end]
            let right = scanSegment(from: end + 1)
            let decision = Tokenizer.joins(left, connector, right)
            guard decision.join else { break }
            if decision.dotted { dotted = true }
            if connector != "." || decision.dotted { onlyDecimalConnectors = false }
            letters += right.letters; digits += right.digits; upper += right.upper; lower += right.lower
            end = right.end
            left = right
        }
        // A dotted abbreviation keeps its final period (`b.i.d.`).
        if dotted, end < count, scalars[end] == "." { end += 1 }
        if letters == 0 {
            emit(start, end, .number, .hasDigit, normalizer)
            return end
        }
        // A number glued to a unit (`5mg`, `2.5cm`) is two tokens, ordinals excepted.
        if ScalarClass(scalars[start]) == .digit, onlyDecimalConnectors {
            var split = start
            while split < end, ScalarClass(scalars[split]) != .letter { split += 1 }
            var tailIsLetters = true
            for position in split..<end {
                let scalarClass = ScalarClass(scalars[position])
                if scalarClass != .letter && scalarClass != .extend {
                    tailIsLetters = false
                    break
                }
            }
            if tailIsLetters, split > start, !Tokenizer.isOrdinalSuffix(scalars[split..<end]),
                !Tokenizer.isSubtypeName(scalars[start..<end], split: split)
            {
                emit(start, split, .number, .hasDigit, normalizer)
                let unitFlags = Tokenizer.caseFlags(upper: upper, lower: lower, firstIsUpper: scalars[split].isUpperLetter)
                emit(split, end, .word, unitFlags, normalizer)
                return end
            }
        }
        var flags = Tokenizer.caseFlags(upper: upper, lower: lower, firstIsUpper: scalars[start].isUpperLetter)
        if digits > 0 { flags.insert(.hasDigit) }
        emit(start, end, .word, flags, normalizer)
        return end
    }
}

extension Tokenizer {
    /// Whether `connector` joins the runs on either side into one token.
    static func joins(_ left: Segment, _ connector: Unicode.Scalar, _ right: Segment) -> (join: Bool, dotted: Bool) {
        switch connector.value {
        case 0x2D, 0x2010, 0x2011:  // hyphen
            return (true, false)
        case 0x2F:  // slash: ratios/dates, or short abbreviations (s/p, h/o, n/v)
            let ratio = left.isDigitsOnly && right.isDigitsOnly
            let abbreviation = left.isLettersOnly && right.isLettersOnly && left.letters <= 2 && right.letters <= 2
            return (ratio || abbreviation, false)
        case 0x2E:  // period: decimals and codes (2.5, N39.0, E11.65), or dotted abbreviations (b.i.d, e.g)
            if left.isDigitsOnly && right.startsWithDigit { return (true, false) }
            if left.endsWithDigit && right.isDigitsOnly { return (true, false) }
            let dotted = left.isLettersOnly && right.isLettersOnly && left.letters <= 2 && right.letters <= 2
            return (dotted, dotted)
        case 0x2C:  // thousands separator
            return (left.isDigitsOnly && right.isDigitsOnly && right.digits == 3, false)
        case 0x3A:  // clock time
            return (left.isDigitsOnly && left.digits <= 2 && right.isDigitsOnly && right.digits == 2, false)
        case 0x27, 0x2019:  // apostrophe inside a word
            return (left.letters > 0 && right.isLettersOnly && (right.letters <= 2 || left.letters == 1), false)
        case 0x26:  // ampersand pairs (A&O, D&C)
            return (left.isLettersOnly && right.isLettersOnly && left.letters <= 2 && right.letters <= 2, false)
        default:
            return (false, false)
        }
    }
}

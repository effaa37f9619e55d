/// A small, fast, seedable random source (SplitMix64), so every generated
/// input can be reproduced from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hostile, clinical-looking note text: clinical words, context triggers,
/// section headers and punctuation mixed with the inputs that break text
/// code (NUL and control characters, replacement characters from invalid
/// UTF-8, emoji and ZWJ sequences, combining marks, right-to-left text,
/// very long unspaced runs), then byte-level mutations decoded with
/// replacement, as a reader would.
public struct NoteGenerator: Sendable {
    static let words = [
        "patient", "pneumonia", "diabetes", "mellitus", "type", "2", "with", "hyperglycemia", "chest", "pain",
        "hypertension", "CHF", "COPD", "exacerbation", "fracture", "of", "left", "femur", "MI", "acute",
        "chronic", "kidney", "disease", "stage", "3", "sepsis", "UTI", "asthma", "depression", "anemia",
        "s/p", "appendectomy", "haemorrhage", "oedema", "Ménière's", "Sjögren", "T2DM", "HTN", "SOB", "r/o",
        "ESRD", "on", "dialysis", "mg", "5.0", "120/80", "q.i.d.", "e.g.", "Dr.", "1.", "2)", "a)", "x3",
    ]
    static let triggers = [
        "no", "denies", "without", "negative for", "rule out", "possible", "probable", "history of",
        "family history of", "mother had", "resolved", "if", "unlikely", "not", "but", "except", "no evidence of",
        "ruled out", "free of", "concern for", "versus", "cannot exclude", "s/p", "status post", "?",
    ]
    static let headers = [
        "HPI:", "Chief Complaint:", "PAST MEDICAL HISTORY:", "Family History:", "Assessment and Plan:",
        "Plan:", "IMPRESSION:", "Diagnoses:", "Discharge Diagnoses:", "ROS:", "Medications:", "Allergies:",
        "Social History", "PE:", "Labs:", "Procedures:",
    ]
    static let oddities: [String] = [
        "\u{0}", "\u{1}", "\u{7}", "\u{1B}[0m", "\u{FFFD}", "\u{FEFF}", "\u{200B}", "\u{200D}", "\u{2028}",
        "\u{2029}", "\u{85}", "\r\n", "\r", "\t", "\u{B}", "\u{C}", "👨‍👩‍👧‍👦", "🫁", "🇺🇸", "e\u{301}",
        "a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}", "\u{301}", "ﬁ", "Ⅻ", "١٢٣", "مرض السكري", "שלום",
        "\u{202E}gnp", "糖尿病", "ｐｎｅｕｍｏｎｉａ", "İ", "ß", "Σ", "\u{10FFFF}", "\u{E000}", "...", "--", "(((", ")))",
        "\"", "\\", "{", "}", "[", "]", ":", ";", "•", "·", "‧", "\u{3000}", "\u{A0}",
    ]

    /// A generator of notes about `maximumWords` long.
    public init(maximumWords: Int = 200) { self.maximumWords = maximumWords }

    /// Upper bound on the pieces in an ordinary generated note.
    public var maximumWords: Int

    /// One input: mostly mixed clinical text, sometimes one of the
    /// pathological shapes, often mutated at the byte level.
    public func note(_ random: inout SeededGenerator) -> String {
        let text: String
        switch Int.random(in: 0..<20, using: &random) {
        case 0: text = repeatedTriggers(&random)
        case 1: text = manyHeaders(&random)
        case 2: text = unspacedRun(length: Int.random(in: 1...200_000, using: &random), &random)
        case 3: text = String(repeating: Self.oddities.randomElement(using: &random)!, count: Int.random(in: 1...5000, using: &random))
        default: text = mixed(&random)
        }
        return Int.random(in: 0..<3, using: &random) == 0 ? mutate(text, &random) : text
    }

    /// Words, triggers, headers, oddities and separators in random order.
    public func mixed(_ random: inout SeededGenerator) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 0...maximumWords, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0...4: out += Self.words.randomElement(using: &random)!
            case 5: out += Self.triggers.randomElement(using: &random)!
            case 6: out += "\n" + Self.headers.randomElement(using: &random)! + "\n"
            case 7: out += Self.oddities.randomElement(using: &random)!
            case 8: out += [".", ",", ". ", "\n", "\n\n", ";", " - ", ": "].randomElement(using: &random)!
            default: out += String(UnicodeScalar(UInt8.random(in: 0x20...0x7E, using: &random)))
            }
            if Bool.random(using: &random) { out += " " }
        }
        return out
    }

    /// "no no no ... pneumonia": thousands of context cues before one concept.
    public func repeatedTriggers(_ random: inout SeededGenerator) -> String {
        let trigger = Self.triggers.randomElement(using: &random)!
        let count = Int.random(in: 100...5000, using: &random)
        return Array(repeating: trigger, count: count).joined(separator: " ") + " pneumonia and diabetes."
    }

    /// Thousands of section headers, some with a word of content.
    public func manyHeaders(_ random: inout SeededGenerator) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 100...3000, using: &random) {
            out += Self.headers.randomElement(using: &random)! + (Bool.random(using: &random) ? " fever\n" : "\n")
        }
        return out
    }

    /// One line of `length` scalars without a space.
    public func unspacedRun(length: Int, _ random: inout SeededGenerator) -> String {
        let pieces = ["a", "pneumonia", "1", ".", "-", "é", "/", "x"]
        let piece = pieces.randomElement(using: &random)!
        return String(repeating: piece, count: max(1, length / piece.unicodeScalars.count))
    }

    /// Random byte flips, insertions, deletions and duplications of the
    /// UTF-8 form, decoded back with replacement characters.
    public func mutate(_ text: String, _ random: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8.random(in: 1...255, using: &random)
            case 1: bytes.insert(contentsOf: [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0]]
                .randomElement(using: &random)!, at: position)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &random)))
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

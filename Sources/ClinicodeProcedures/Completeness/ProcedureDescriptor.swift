import ClinicodeCore
import ClinicodeText

/// The informative words of one procedure code's descriptor, as the
/// completeness rule compares them with a sentence.
public struct ProcedureDescriptor: Sendable, Hashable {
    /// The code.
    public var code: CodeReference
    /// Informative word stems of its descriptor (stop words and numbers removed).
    public var words: Set<String>
    /// Its qualifier words (`laparoscopic`, `left`...) and their groups, as stems.
    public var qualifiers: [String: String]

    /// Creates a descriptor from prepared word stems.
    public init(code: CodeReference, words: Set<String>, qualifiers: [String: String] = [:]) {
        self.code = code
        self.words = words
        self.qualifiers = qualifiers
    }

    /// Reads a descriptor's words with the text layer's tokenizer.
    public init(code: CodeReference, title: String, analyzer: TextAnalyzer, rules: ProcedureRules) {
        self.code = code
        words = []
        qualifiers = [:]
        for token in analyzer.tokenize(title) where token.kind == .word {
            for part in token.normalizedParts {
                let word = String(part)
                guard word.count > 1, !rules.descriptorStopwords.contains(word) else { continue }
                let stem = ProcedureDescriptor.stem(word)
                words.insert(stem)
                if let group = rules.qualifiers[word] { qualifiers[stem] = group }
            }
        }
    }

    /// A light stem so that plural and derived forms meet (`biopsies` =
    /// `biopsy`, `laparoscopic` = `laparoscopy`): plural endings folded, then
    /// long words cut to 7 letters.
    public static func stem(_ word: String) -> String {
        var scalars = Array(word.unicodeScalars)
        if scalars.count > 4, word.hasSuffix("ies") {
            scalars.removeLast(3)
            scalars.append("y")
        } else if scalars.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            scalars.removeLast()
        }
        if scalars.count > 7 { scalars.removeLast(scalars.count - 7) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The stems of a sentence's words, for comparison with descriptors.
    public static func sentenceWords(_ sentence: Int, in document: Document) -> Set<String> {
        guard sentence >= 0, sentence < document.sentences.count else { return [] }
        var words = Set<String>()
        for index in document.sentences[sentence].tokens where document.tokens[index].kind == .word {
            for part in document.tokens[index].normalizedParts { words.insert(stem(String(part))) }
        }
        return words
    }
}

import Foundation

/// Shorter wordings read off formal procedure descriptors, so that notes
/// which name a procedure the way clinicians do still match it.
///
/// The term matcher needs every word of a term in the sentence, and formal
/// descriptors carry qualifiers no note repeats ("Colonoscopy, flexible;
/// with biopsy, single or multiple"). Descriptors follow a convention: the
/// text before `;` is the part shared by a family of codes, its text before
/// the first comma names the procedure, the text after `;` names what this
/// code adds, and a one-word parenthesis glosses the procedure ("(Tdap)").
/// From that:
/// - the head: "Colonoscopy", "Left heart catheterization with coronary angiography";
/// - the head cut before "with"/"without"/"including"/"of": "Percutaneous
///   coronary intervention", "Incision and drainage";
/// - head + the added part's first phrase: "Colonoscopy with biopsy";
/// - the gloss with the head's first word: "Tetanus Tdap", "Biopsy shave".
///
/// One-word terms are kept only when the word heads two or more codes (it is
/// then the name of a family of procedures, "Colonoscopy"), so a generic word
/// heading one code ("Injection") does not become a term.
/// The completeness rule (`ProcedureRanking`) later picks the family member
/// the sentence supports best.
enum DescriptorTerms {
    /// Derived wordings per code (titles excluded), for every code of a file.
    static func derive(titles: [(code: String, title: String)]) -> [(code: String, text: String)] {
        var perCode: [(code: String, terms: [String])] = []
        var headCount: [String: Int] = [:]
        for (code, title) in titles {
            let terms = wordings(title)
            perCode.append((code, terms))
            for term in Set(terms.map { $0.lowercased() }) where !term.contains(" ") { headCount[term, default: 0] += 1 }
        }
        var result: [(code: String, text: String)] = []
        for (index, entry) in perCode.enumerated() {
            var seen: Set<String> = [titles[index].title.lowercased()]
            for term in entry.terms where seen.insert(term.lowercased()).inserted {
                if !term.contains(" "), (headCount[term.lowercased()] ?? 0) < 2 { continue }
                result.append((entry.code, term))
            }
        }
        return result
    }

    /// The shorter wordings of one descriptor.
    static func wordings(_ title: String) -> [String] {
        let (plain, glosses) = removingParentheses(title)
        let parts = plain.split(separator: ";", maxSplits: 1).map { $0.trimmingSpaces }
        guard let common = parts.first, !common.isEmpty else { return [] }
        let head = firstPhrase(common)
        var result: [String] = [head]
        for marker in [" with ", " without ", " including ", " of "] {
            if let range = head.range(of: marker, options: []) {
                let cut = String(head[..<range.lowerBound]).trimmingSpaces
                if cut.contains(" ") { result.append(cut) }
            }
        }
        if parts.count == 2 {
            let added = firstPhrase(parts[1])
            if !added.isEmpty, !added.contains(where: \.isNumber) { result.append(head + " " + added) }
        }
        if let firstWord = head.split(separator: " ").first {
            for gloss in glosses.words { result.append(String(firstWord) + " " + gloss) }
        }
        // "(e.g., actinic keratoses)" names typical objects; with the
        // method ("by cryotherapy") they are how notes name the service.
        if let method = head.range(of: " by ").map({ String(head[$0.upperBound...]).trimmingSpaces }), !method.isEmpty {
            for example in glosses.examples { result.append(example + " " + method) }
        }
        return result.filter { !$0.isEmpty }
    }

    /// The text before the first comma.
    private static func firstPhrase(_ text: String) -> String {
        String(text.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingSpaces
    }

    /// The descriptor without bracketed text; the one-word glosses and the
    /// "e.g." examples in brackets.
    private static func removingParentheses(_ title: String) -> (String, (words: [String], examples: [String])) {
        var plain = ""
        var glosses: [String] = []
        var examples: [String] = []
        var inner = ""
        var depth = 0
        for character in title {
            if character == "(" {
                depth += 1
                inner = ""
                continue
            }
            if character == ")", depth > 0 {
                depth -= 1
                let word = inner.trimmingSpaces
                if depth == 0, !word.isEmpty, word.allSatisfy(\.isLetter), word.count <= 12 { glosses.append(word) }
                for prefix in ["e.g.,", "e.g.", "eg,"] where depth == 0 && word.lowercased().hasPrefix(prefix) {
                    let list = word.dropFirst(prefix.count).replacingOccurrences(of: " or ", with: ",")
                    examples += list.split(separator: ",").map { $0.trimmingSpaces }.filter { $0.contains(" ") }
                    break
                }
                continue
            }
            if depth > 0 { inner.append(character) } else { plain.append(character) }
        }
        let collapsed = plain.split(separator: " ").joined(separator: " ").replacingOccurrences(of: " ,", with: ",")
            .replacingOccurrences(of: " ;", with: ";")
        return (collapsed, (glosses, examples))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

import ClinicodeCore
import Foundation

/// The build-time word rules of `Lexicons/terminology/`: filler words to
/// ignore and word variants to fold (`renal` -> `kidney`). Together with the
/// stemmer they turn a normalised token into its matching key. Title
/// rewordings (`malignant neoplasm` -> `carcinoma`) give a code title more
/// wordings before its words are folded.
struct WordFolding: Sendable {
    /// The folder under `Lexicons/`.
    static let subdirectory = "terminology"

    private(set) var fillers: Set<String> = []
    /// Variant -> canonical, keyed by both the written variant and its stem.
    private(set) var variants: [String: String] = [:]
    /// Title phrase (lower case) -> the wordings a note may use instead, in file order.
    private(set) var rewordings: [(phrase: String, wordings: [String])] = []
    /// Code -> the words its bare inclusion terms need beside them
    /// (`context-bound-inclusions.tsv`: "Polyneuropathy" under A69.22 is Lyme's).
    private(set) var inclusionContexts: [String: String] = [:]

    init(fillers: Set<String>, variants: [String: String], rewordings: [(phrase: String, wordings: [String])] = []) {
        self.fillers = fillers
        self.rewordings = rewordings
        for (variant, canonical) in variants {
            self.variants[variant] = canonical
            let stem = Stemmer.stem(variant)
            if self.variants[stem] == nil { self.variants[stem] = canonical }
        }
    }

    /// Reads `filler-words.txt`, `word-variants.tsv`, `title-rewordings.tsv` and
    /// `context-bound-inclusions.tsv` (missing files mean none).
    init(lexiconsDirectory: String) throws {
        let folder = (lexiconsDirectory as NSString).appendingPathComponent(Self.subdirectory)
        var fillers: Set<String> = []
        let fillerPath = (folder as NSString).appendingPathComponent("filler-words.txt")
        if FileManager.default.fileExists(atPath: fillerPath) {
            for row in try DataFile(path: fillerPath).rows where !row[0].isEmpty {
                fillers.insert(row[0].lowercased())
            }
        }
        var variants: [String: String] = [:]
        for (variant, canonical) in try Self.pairs(folder, "word-variants.tsv", expected: "variant<TAB>canonical") {
            variants[variant] = canonical
        }
        var rewordings: [(phrase: String, wordings: [String])] = []
        for (phrase, wording) in try Self.pairs(folder, "title-rewordings.tsv", expected: "title phrase<TAB>note wording") {
            if let index = rewordings.firstIndex(where: { $0.phrase == phrase }) {
                rewordings[index].wordings.append(wording)
            } else {
                rewordings.append((phrase, [wording]))
            }
        }
        self.init(fillers: fillers, variants: variants, rewordings: rewordings)
        for (code, words) in try Self.pairs(folder, "context-bound-inclusions.tsv", expected: "code<TAB>context words") {
            inclusionContexts[code.uppercased()] = words
        }
    }

    /// An inclusion term as the index takes it: with the words its code's
    /// context needs appended when the term does not say them already.
    func inclusion(_ text: String, ofCode code: String) -> String {
        guard let context = inclusionContexts[code] else { return text }
        let lowered = text.lowercased()
        let missing = context.split(separator: " ").filter { !lowered.contains($0) }
        return missing.isEmpty ? text : text + " " + missing.joined(separator: " ")
    }

    /// The lower-cased first two columns of `folder/name`, in file order
    /// (none when the file is missing); a row without both is an error.
    private static func pairs(_ folder: String, _ name: String, expected: String) throws -> [(String, String)] {
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let file = try DataFile(path: path)
        return try file.rows.map { row in
            guard row.fields.count >= 2, !row[0].isEmpty, !row[1].isEmpty else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected \(expected)")
            }
            return (row[0].lowercased(), row[1].lowercased())
        }
    }

    /// The other wordings of a title: each rewording phrase found in it (as
    /// whole words, case ignored) replaced by each of its note wordings, one
    /// phrase at a time and then two: a title holding two phrases ("malignant
    /// neoplasm of upper lobe, right bronchus or lung") is also indexed with
    /// both replaced ("adenocarcinoma of right upper lobe"). Empty when no
    /// phrase occurs.
    func reworded(_ text: String) -> [String] {
        guard !rewordings.isEmpty else { return [] }
        let lowered = text.lowercased()
        let once = rewordedOnce(lowered)
        guard !once.isEmpty else { return [] }
        var seen = Set(once)
        seen.insert(lowered)
        var result = once
        for wording in once {
            for twice in rewordedOnce(wording) where seen.insert(twice).inserted { result.append(twice) }
        }
        return result
    }

    /// `reworded(_:)` with one phrase replaced, for a lowercased text.
    private func rewordedOnce(_ lowered: String) -> [String] {
        var result: [String] = []
        for (phrase, wordings) in rewordings {
            var searchStart = lowered.startIndex
            while let range = lowered.range(of: phrase, range: searchStart..<lowered.endIndex) {
                searchStart = range.upperBound
                let before = range.lowerBound == lowered.startIndex ? nil : lowered[lowered.index(before: range.lowerBound)]
                let after = range.upperBound == lowered.endIndex ? nil : lowered[range.upperBound]
                guard !(before?.isLetter ?? false), !(after?.isLetter ?? false) else { continue }
                for wording in wordings {
                    result.append(String(lowered[..<range.lowerBound]) + wording + String(lowered[range.upperBound...]))
                }
            }
        }
        return result
    }

    /// Whether a normalised word is a filler (by itself or by its stem).
    func isFiller(_ word: String) -> Bool {
        fillers.contains(word) || fillers.contains(Stemmer.stem(word))
    }

    /// The matching key of a normalised word, or nil for a filler.
    func key(_ word: String) -> String? {
        if isFiller(word) { return nil }
        if let canonical = variants[word] ?? variants[Stemmer.stem(word)] {
            return isFiller(canonical) ? nil : Stemmer.stem(canonical)
        }
        return Stemmer.stem(word)
    }
}

import ClinicodeCore
import Foundation

/// The build-time word rules of `Lexicons/terminology/`: filler words to
/// ignore and word variants to fold (`renal` -> `kidney`). Together with the
/// stemmer they turn a normalised token into its matching key.
struct WordFolding: Sendable {
    /// The folder under `Lexicons/`.
    static let subdirectory = "terminology"

    private(set) var fillers: Set<String> = []
    /// Variant -> canonical, keyed by both the written variant and its stem.
    private(set) var variants: [String: String] = [:]

    init(fillers: Set<String>, variants: [String: String]) {
        self.fillers = fillers
        for (variant, canonical) in variants {
            self.variants[variant] = canonical
            let stem = Stemmer.stem(variant)
            if self.variants[stem] == nil { self.variants[stem] = canonical }
        }
    }

    /// Reads `filler-words.txt` and `word-variants.tsv` (missing files mean none).
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
        let variantPath = (folder as NSString).appendingPathComponent("word-variants.tsv")
        if FileManager.default.fileExists(atPath: variantPath) {
            let file = try DataFile(path: variantPath)
            for row in file.rows {
                guard row.fields.count >= 2, !row[0].isEmpty, !row[1].isEmpty else {
                    throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected variant<TAB>canonical")
                }
                variants[row[0].lowercased()] = row[1].lowercased()
            }
        }
        self.init(fillers: fillers, variants: variants)
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

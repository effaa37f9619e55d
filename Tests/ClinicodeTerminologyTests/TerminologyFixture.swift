import ClinicodeCore
import ClinicodeTerminology
import ClinicodeText
import Foundation

/// The repository's terminology, built once per test process (it is immutable).
enum TerminologyFixture {
    static let lexicons: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Lexicons/icd10cm/codes.tsv").path) {
                return url.appendingPathComponent("Lexicons").path
            }
        }
        return "Lexicons"
    }()

    static let analyzer: TextAnalyzer = {
        (try? TextRules(lexiconsDirectory: lexicons)).map(TextAnalyzer.init(rules:)) ?? TextAnalyzer(rules: TextRules())
    }()

    static let terminology: Terminology = {
        do {
            return try Terminology.build(lexiconsDirectory: lexicons, analyzer: analyzer)
        } catch {
            fatalError("cannot build the terminology: \(error)")
        }
    }()

    /// A note annotated by the repository terminology.
    static func annotate(_ text: String) -> Document {
        var document = analyzer.analyze(id: "test", text: text)
        terminology.annotate(&document)
        return document
    }

    /// `ICD-10-CM:code`.
    static func icd(_ code: String) -> CodeReference { CodeReference(system: .icd10cm, code: code) }

    /// The codes of a lookup, best first.
    static func lookup(_ phrase: String, top: Int = 3) -> [String] {
        terminology.lookup(phrase, analyzer: analyzer, top: top).map(\.code.code)
    }
}

import ClinicodeContext
import ClinicodeCore
import ClinicodeText
import Foundation

/// Shared analyzer and detector built from the package's own Lexicons/.
enum Fixtures {
    /// The package root (three levels above this file).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let lexicons = packageRoot + "/Lexicons"

    static let analyzer: TextAnalyzer = {
        let rules = (try? TextRules(lexiconsDirectory: lexicons)) ?? TextRules()
        return TextAnalyzer(rules: rules)
    }()

    static let rules: ContextRules = {
        do {
            return try ContextRules(lexiconsDirectory: lexicons, analyzer: analyzer)
        } catch {
            fatalError("cannot load Lexicons/context: \(error)")
        }
    }()

    static let detector = ContextDetector(rules: rules)

    /// The assertion of `target` (first occurrence) in `text`.
    static func assertion(of target: String, in text: String) -> Assertion {
        let document = analyzer.analyze(id: "t", text: text)
        guard let span = TargetLocator.locate(target, in: document, analyzer: analyzer) else {
            fatalError("target '\(target)' not in '\(text)'")
        }
        return detector.assertion(for: span, in: document)
    }
}

import ClinicodeCore
import ClinicodeText

/// The package's Lexicons/ folder, found from this file's path.
let lexiconsDirectory: String = {
    var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)  // TestSupport.swift, ClinicodeTextTests, Tests
    return components.joined(separator: "/") + "/Lexicons"
}()

/// Rules parsed once from Lexicons/text.
let sharedRules: TextRules = {
    do { return try TextRules(lexiconsDirectory: lexiconsDirectory) } catch {
        fatalError("cannot load text rules: \(error)")
    }
}()

/// An analyzer over the repository's text rules.
let analyzer = TextAnalyzer(rules: sharedRules)

extension Document {
    /// Surfaces of every token.
    var tokenSurfaces: [String] { tokens.map { surface($0.span) } }
    /// Surfaces of every sentence.
    var sentenceSurfaces: [String] { sentences.map { surface($0.span) } }
}

/// Tokens of a text as (surface, normalized, kind).
func tokens(_ text: String) -> [(surface: String, normalized: String, kind: Token.Kind)] {
    let document = analyzer.analyze(id: "t", text: text)
    return document.tokens.map { (document.surface($0.span), $0.normalized, $0.kind) }
}

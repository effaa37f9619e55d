import ClinicodeCore
import ClinicodeText
import Foundation

/// The package root, found from this file's path.
let packageRoot: String = {
    var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)  // TestSupport.swift, ClinicodeProceduresTests, Tests
    return components.joined(separator: "/")
}()

/// The repository's Lexicons/ folder.
let lexiconsDirectory = packageRoot + "/Lexicons"
/// The synthetic procedure corpus (P0001-P0060; never CPT).
let proceduresCorpus = packageRoot + "/Corpora/procedures"
let syntheticFile = proceduresCorpus + "/synthetic-procedures.tsv"
let amaLayoutFile = proceduresCorpus + "/synthetic-procedures-ama-layout.txt"
let synonymsFile = proceduresCorpus + "/synonyms.tsv"

/// The repository's text analyzer.
let analyzer: TextAnalyzer = {
    do { return TextAnalyzer(rules: try TextRules(lexiconsDirectory: lexiconsDirectory)) } catch {
        fatalError("cannot load text rules: \(error)")
    }
}()

/// A fresh temporary folder for one test.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "clinicode-procedures-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to `name` in a fresh temporary folder and returns the path.
func writeTemporary(_ name: String, _ text: String) -> String {
    let path = temporaryDirectory() + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// Writes raw bytes to `name` in a fresh temporary folder and returns the path.
func writeTemporary(_ name: String, bytes: [UInt8]) -> String {
    let path = temporaryDirectory() + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// The text of a repository file.
func readText(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

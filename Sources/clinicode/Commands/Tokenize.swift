import ArgumentParser
import Clinicode
import Foundation

/// `clinicode tokenize [FILE|-]`: the text layer's view of a note as JSON
/// lines, to check offsets, normalisation, sentences and sections.
///
/// Output, in text order: a `section` object when a section starts, a
/// `sentence` object, then that sentence's `token` objects. Offsets are
/// Unicode-scalar offsets into the original text.
struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print a note's tokens, sentences and sections as JSON lines.",
        discussion: """
            Lines look like {"type":"section","index":0,"kind":"chief_complaint","title":"CC","start":0,"end":40}, \
            {"type":"sentence","index":0,"start":4,"end":20,"section":0} and \
            {"type":"token","start":4,"end":9,"text":"Chest","normalized":"chest","kind":"word","sentence":0}.
            """)

    @Argument(help: "The note file, or - for standard input.")
    var file: String = "-"

    @Option(name: .long, help: "Lexicons folder (default: Lexicons/ above the current directory or the executable).")
    var lexicons: String?

    func run() throws {
        OutputSink.ignoreBrokenPipeSignal()
        guard let lexiconsDirectory = lexicons ?? Self.findLexicons() else {
            StandardError.error("cannot find a Lexicons/ folder above the current directory or the executable; pass --lexicons DIR")
            throw ExitCode(1)
        }
        let rules: TextRules
        do {
            rules = try TextRules(lexiconsDirectory: lexiconsDirectory)
        } catch {
            StandardError.error("\(error)")
            throw ExitCode(1)
        }
        let note: (text: String, warnings: [String])
        do {
            note = try readNote(path: file)
        } catch {
            StandardError.error(error.description)
            throw ExitCode(1)
        }
        for warning in note.warnings { StandardError.print("warning: " + warning) }
        let document = TextAnalyzer(rules: rules).analyze(id: file, text: note.text)
        var sink = OutputSink()
        do {
            try Self.write(document, to: &sink)
            try sink.flush()
        } catch {
            return  // the reader closed the pipe: stop quietly
        }
    }

    private static func write(_ document: Document, to sink: inout OutputSink) throws(OutputSink.Closed) {
        var nextSection = 0
        for (index, sentence) in document.sentences.enumerated() {
            while nextSection < document.sections.count, nextSection <= sentence.section {
                let section = document.sections[nextSection]
                try sink.write("{\"type\":\"section\",\"index\":\(nextSection),\"kind\":\(JSONText.quoted(section.kind.rawValue)),"
                    + "\"title\":\(JSONText.quoted(section.title)),\"start\":\(section.span.start),\"end\":\(section.span.end)}\n")
                nextSection += 1
            }
            try sink.write("{\"type\":\"sentence\",\"index\":\(index),\"start\":\(sentence.span.start),"
                + "\"end\":\(sentence.span.end),\"section\":\(sentence.section)}\n")
            for token in document.tokens[sentence.tokens] {
                try sink.write("{\"type\":\"token\",\"start\":\(token.span.start),\"end\":\(token.span.end),"
                    + "\"text\":\(JSONText.quoted(document.surface(token.span))),"
                    + "\"normalized\":\(JSONText.quoted(token.normalized)),\"kind\":\"\(kindName(token.kind))\","
                    + "\"sentence\":\(index)}\n")
            }
        }
        // Sections without sentences (a header-less empty note, trailing empty headers).
        while nextSection < document.sections.count, !document.tokens.isEmpty {
            let section = document.sections[nextSection]
            try sink.write("{\"type\":\"section\",\"index\":\(nextSection),\"kind\":\(JSONText.quoted(section.kind.rawValue)),"
                + "\"title\":\(JSONText.quoted(section.title)),\"start\":\(section.span.start),\"end\":\(section.span.end)}\n")
            nextSection += 1
        }
    }

    private static func kindName(_ kind: Token.Kind) -> String {
        switch kind {
        case .word: return "word"
        case .number: return "number"
        case .punctuation: return "punctuation"
        case .symbol: return "symbol"
        case .enumerator: return "enumerator"
        }
    }

    /// `Lexicons/` holding the text rules, searched upwards from the current
    /// directory, then from the executable's directory.
    private static func findLexicons() -> String? {
        var starts = [FileManager.default.currentDirectoryPath]
        if let executable = ExecutablePath.current() {
            starts.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        for start in starts {
            var directory = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("Lexicons")
                let marker = candidate.appendingPathComponent(TextRules.lexiconSubdirectory).appendingPathComponent("sections.tsv")
                if FileManager.default.fileExists(atPath: marker.path) { return candidate.path }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }
}

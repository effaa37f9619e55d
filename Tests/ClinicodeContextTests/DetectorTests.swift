import ClinicodeContext
import ClinicodeCore
import ClinicodeText
import Foundation
import Testing

/// `annotate` over matcher-style mentions, rules encoding, bad data, cost.
@Suite struct DetectorTests {
    /// A mention over the first occurrence of `phrase`, as a matcher would build it.
    static func mention(_ phrase: String, in document: Document, codes: [CodeReference] = []) -> Mention {
        let span = TargetLocator.locate(phrase, in: document, analyzer: Fixtures.analyzer)!
        let first = document.tokens.firstIndex { $0.span.start >= span.start }!
        let last = document.tokens.lastIndex { $0.span.end <= span.end }!
        let sentence = document.sentences.firstIndex { $0.tokens.contains(first) }!
        return Mention(span: span, tokens: first..<(last + 1), sentence: sentence, termID: 0,
                       term: phrase.lowercased(), codes: codes)
    }

    @Test func annotateSetsEveryMention() {
        var document = Fixtures.analyzer.analyze(
            id: "n1", text: "Denies chest pain. Mother had breast cancer. History of HTN. Possible pneumonia.")
        for phrase in ["chest pain", "breast cancer", "HTN", "pneumonia"] {
            document.mentions.append(Self.mention(phrase, in: document))
        }
        Fixtures.detector.annotate(&document)
        let labels = document.mentions.map(\.assertion.label)
        #expect(labels == ["negated", "family", "historical", "possible"])
    }

    @Test func chronicCodesKeepHistoryOngoing() {
        var document = Fixtures.analyzer.analyze(id: "n2", text: "History of morbid condition X.")
        let code = CodeReference(system: .icd10cm, code: "E11.9")
        document.mentions.append(Self.mention("condition X", in: document, codes: [code]))
        Fixtures.detector.annotate(&document)
        #expect(document.mentions[0].assertion.temporality == .historical)
        #expect(!document.mentions[0].assertion.isResolved)
    }

    @Test func mentionWithStaleSentenceIndexIsStillResolved() {
        var document = Fixtures.analyzer.analyze(id: "n3", text: "Fine today. No fever.")
        var mention = Self.mention("fever", in: document)
        mention.sentence = 99
        document.mentions.append(mention)
        Fixtures.detector.annotate(&document)
        #expect(document.mentions[0].assertion.negation == .negated)
    }

    @Test func spanOutsideAnyTokenGetsDefaults() {
        let document = Fixtures.analyzer.analyze(id: "n4", text: "No fever.   ")
        let assertion = Fixtures.detector.assertion(for: TextSpan(start: 10, end: 11), in: document)
        #expect(assertion == Assertion())
    }

    @Test func rulesRoundTripThroughTheModelEncoding() throws {
        var writer = BinaryWriter()
        Fixtures.rules.encode(to: &writer)
        let bytes = writer.bytes
        let decoded = try bytes.withUnsafeBytes { buffer -> ContextRules in
            var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
            return try ContextRules(from: &reader)
        }
        #expect(decoded == Fixtures.rules)
        #expect(Fixtures.rules.triggers.count > 500)
    }

    @Test func truncatedEncodingThrows() {
        var writer = BinaryWriter()
        Fixtures.rules.encode(to: &writer)
        let bytes = Array(writer.bytes.prefix(writer.bytes.count / 2))
        #expect(throws: (any Error).self) {
            try bytes.withUnsafeBytes { buffer in
                var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
                _ = try ContextRules(from: &reader)
            }
        }
    }

    @Test func malformedLexiconNamesFileAndLine() throws {
        let message = try Self.loadError(triggers: "no\tnegated_existence\tforward\nnot\tnegated\tforward\n")
        #expect(message.contains("triggers.tsv:2"))
    }

    /// Their cost is measured by `Benchmarks/` (tests assert no timings);
    /// here the nearest of thousands of cues still decides.
    @Test func thousandsOfRepeatedTriggersStillNegate() {
        let sentence = Array(repeating: "no", count: 20_000).joined(separator: " ") + " pneumonia"
        let document = Fixtures.analyzer.analyze(id: "big", text: sentence)
        let span = TargetLocator.locate("pneumonia", in: document, analyzer: Fixtures.analyzer)!
        let assertion = Fixtures.detector.assertion(for: span, in: document)
        #expect(assertion.negation == .negated)
        #expect(assertion.triggers.first { $0.category == .negatedExistence }?.span.end == span.start - 1)
    }

    @Test func unknownScopeColumnNamesFileAndLine() throws {
        let message = try Self.loadError(
            triggers: "s/p\tresolved\tbackward\tclause\nexcised\tresolved\tbackward\tsentence\n")
        #expect(message.contains("triggers.tsv:2"))
        #expect(message.contains("clause"))
    }

    /// The error of loading a context lexicon folder whose `triggers.tsv` is
    /// `triggers` (the other files empty); records an issue when it loads.
    static func loadError(triggers: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ctx-\(UUID().uuidString)")
        let context = folder.appendingPathComponent("context")
        try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["terminators.tsv", "section-defaults.tsv", "chronic.tsv", "settings.tsv"] {
            try "# empty\n".write(to: context.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try triggers.write(to: context.appendingPathComponent("triggers.tsv"), atomically: true, encoding: .utf8)
        do {
            _ = try ContextRules(lexiconsDirectory: folder.path)
            Issue.record("expected an error")
            return ""
        } catch {
            return "\(error)"
        }
    }
}

import Clinicode

/// The structural promises every stage makes about a document, checked
/// independently of the stages' own code: offsets are Unicode-scalar
/// offsets into the original text, in range and ordered; sentences
/// partition the tokens; every surface is exactly the text at its span.
public enum Invariants {
    /// Every broken promise in `document` (empty when it is sound).
    /// `text` is the note as given to the analyzer.
    public static func violations(in document: Document, text: String) -> [String] {
        var problems: [String] = []
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        if document.scalars.count != count || document.scalars != scalars {
            problems.append("document.scalars (\(document.scalars.count)) differ from the text's \(count) scalars")
            return problems  // every later offset check would be meaningless
        }
        func inRange(_ span: TextSpan, _ what: String) -> Bool {
            guard span.start >= 0, span.start <= span.end, span.end <= count else {
                problems.append("\(what) span \(span.start)..<\(span.end) outside 0...\(count)")
                return false
            }
            return true
        }
        func surfaceMatches(_ span: TextSpan, _ what: String) {
            let expected = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
            if document.surface(span) != expected { problems.append("\(what) surface does not round-trip") }
        }

        // Tokens: non-empty, in range, in order, not overlapping.
        var previousEnd = 0
        for (index, token) in document.tokens.enumerated() where inRange(token.span, "token \(index)") {
            if token.span.isEmpty { problems.append("token \(index) is empty") }
            if token.span.start < previousEnd { problems.append("token \(index) overlaps or precedes its predecessor") }
            previousEnd = token.span.end
            surfaceMatches(token.span, "token \(index)")
            if problems.count > 20 { return problems }
        }

        // Sentences partition the tokens, in order, each inside its span.
        var nextToken = 0
        for (index, sentence) in document.sentences.enumerated() where inRange(sentence.span, "sentence \(index)") {
            if sentence.tokens.lowerBound != nextToken {
                problems.append("sentence \(index) starts at token \(sentence.tokens.lowerBound), expected \(nextToken)")
            }
            nextToken = sentence.tokens.upperBound
            if sentence.tokens.upperBound > document.tokens.count {
                problems.append("sentence \(index) tokens end past the last token")
                continue
            }
            for position in sentence.tokens where !sentence.span.contains(document.tokens[position].span) {
                problems.append("token \(position) lies outside sentence \(index)")
                break
            }
            if sentence.section < 0 || sentence.section >= max(document.sections.count, 1) {
                problems.append("sentence \(index) names section \(sentence.section) of \(document.sections.count)")
            }
            surfaceMatches(sentence.span, "sentence \(index)")
        }
        if nextToken != document.tokens.count, !document.sentences.isEmpty || !document.tokens.isEmpty {
            problems.append("sentences cover \(nextToken) of \(document.tokens.count) tokens")
        }

        // Sections: in range, header inside, in order.
        var sectionEnd = 0
        for (index, section) in document.sections.enumerated() where inRange(section.span, "section \(index)") {
            if section.span.start < sectionEnd { problems.append("section \(index) overlaps its predecessor") }
            sectionEnd = section.span.end
            if let header = section.headerSpan, inRange(header, "section \(index) header"),
               !section.span.contains(header) {
                problems.append("section \(index) header lies outside the section")
            }
        }

        // Mentions and their context triggers.
        for (index, mention) in document.mentions.enumerated() where inRange(mention.span, "mention \(index)") {
            if mention.tokens.lowerBound < 0 || mention.tokens.upperBound > document.tokens.count {
                problems.append("mention \(index) tokens \(mention.tokens) outside 0..<\(document.tokens.count)")
            }
            if mention.sentence < 0 || mention.sentence >= document.sentences.count {
                problems.append("mention \(index) names sentence \(mention.sentence) of \(document.sentences.count)")
            }
            if mention.codes.isEmpty { problems.append("mention \(index) has no codes") }
            surfaceMatches(mention.span, "mention \(index)")
            for trigger in mention.assertion.triggers {
                _ = inRange(trigger.span, "mention \(index) trigger")
            }
            if problems.count > 20 { return problems }
        }
        return problems
    }

    /// Every broken promise in a ranked result for a text of `scalarCount`
    /// scalars: evidence spans in range, scores finite and in 0...1.
    public static func violations(in result: NoteResult, scalarCount: Int) -> [String] {
        var problems: [String] = []
        let evidence = result.suggestions.flatMap(\.evidence) + result.excluded.flatMap(\.evidence)
        for item in evidence where item.span.start < 0 || item.span.end > scalarCount || item.span.start > item.span.end {
            problems.append("evidence span \(item.span.start)..<\(item.span.end) outside 0...\(scalarCount)")
        }
        for suggestion in result.suggestions where !suggestion.score.isFinite || suggestion.score < 0 {
            problems.append("suggestion \(suggestion.code) has score \(suggestion.score)")
        }
        return problems
    }
}

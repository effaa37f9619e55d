import ClinicodeCore

/// Renders a note's text as HTML with the engine's evidence marked:
/// evidence of correct codes, of spurious codes, negated mentions struck
/// through, and other excluded mentions (family, history, doubt) dimmed.
struct NoteHighlighter {
    /// What a marked span is, in increasing order of precedence where spans overlap.
    enum Kind: Int, Comparable {
        case excluded = 1, negated, other, spurious, hit

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }

        var cssClass: String {
            switch self {
            case .excluded: return "ex"
            case .negated: return "neg"
            case .other: return "oth"
            case .spurious: return "fp"
            case .hit: return "tp"
            }
        }
    }

    /// One marked span with the labels shown on hover.
    struct Mark {
        var span: TextSpan
        var kind: Kind
        var labels: [String]
    }

    /// The note's marks: top-k suggestions as hits or spurious, the rest of the
    /// ranking as other, exclusions as negated or excluded.
    static func marks(note: EvaluatedNote, hits: Set<String>, spurious: Set<String>) -> [Mark] {
        var marks: [Mark] = []
        for suggestion in note.result.suggestions {
            let key = CodeKey.of(suggestion.code.code)
            let kind: Kind = hits.contains(key) ? .hit : spurious.contains(key) ? .spurious : .other
            for evidence in suggestion.evidence {
                let label = "\(suggestion.code.code) \(suggestion.title) (\(evidence.assertion))"
                marks.append(Mark(span: evidence.span, kind: evidence.assertion == "negated" ? .negated : kind,
                                  labels: [label]))
            }
        }
        for excluded in note.result.excluded {
            let kind: Kind = excluded.reason == .negated ? .negated : .excluded
            for evidence in excluded.evidence {
                marks.append(Mark(span: evidence.span, kind: kind,
                                  labels: ["\(excluded.code.code) \(excluded.title): left out, \(excluded.reason.rawValue)"]))
            }
        }
        return marks
    }

    /// The note text as escaped HTML with `marks` applied; out-of-range spans are clipped.
    static func html(text: String, marks: [Mark]) -> String {
        let scalars = Array(text.unicodeScalars)
        // Per scalar: index of the winning mark (highest kind, then earliest), or -1.
        var owner = [Int](repeating: -1, count: scalars.count)
        for (index, mark) in marks.enumerated() {
            let start = max(0, min(mark.span.start, scalars.count))
            let end = max(start, min(mark.span.end, scalars.count))
            for position in start..<end where owner[position] < 0 || marks[owner[position]].kind < mark.kind {
                owner[position] = index
            }
        }
        var out = ""
        out.reserveCapacity(scalars.count + marks.count * 60)
        var position = 0
        while position < scalars.count {
            let current = owner[position]
            var end = position + 1
            while end < scalars.count, owner[end] == current { end += 1 }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[position..<end])
            let escaped = HTMLEscaping.escape(String(piece))
            if current < 0 {
                out += escaped
            } else {
                let mark = marks[current]
                // Other marks on exactly this span add their labels to the tooltip.
                let labels = marks.filter { $0.span == mark.span }.flatMap(\.labels)
                let title = HTMLEscaping.escape(distinct(labels).joined(separator: "\n"))
                let tag = mark.kind == .negated ? "s" : "mark"
                out += "<\(tag) class=\"\(mark.kind.cssClass)\" title=\"\(title)\">\(escaped)</\(tag)>"
            }
            position = end
        }
        return out
    }

    /// `labels` without repeats, in order.
    private static func distinct(_ labels: [String]) -> [String] {
        var seen = Set<String>()
        return labels.filter { seen.insert($0).inserted }
    }
}

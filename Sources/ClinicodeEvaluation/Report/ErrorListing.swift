import ClinicodeCore

/// The `--errors` file: the per-code table, then for each gold document the
/// codes missed at k and the spurious codes in the top k, with the evidence
/// (text spans) the engine gave for each spurious one.
public struct ErrorListing: Sendable {
    /// The evaluation.
    public var report: EvaluationReport
    /// The notes, by identifier.
    public var notes: [String: EvaluatedNote]
    /// Code titles by code key (see `CodeKey`), for codes the notes' suggestions do not name.
    public var titles: [String: String]

    /// Creates a listing.
    public init(report: EvaluationReport, notes: [EvaluatedNote], titles: [String: String] = [:]) {
        self.report = report
        self.notes = Dictionary(notes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.titles = titles
    }

    /// The listing as text: a TSV per-code table, then one block per note.
    public func render() -> String {
        var titles = self.titles
        for note in notes.values {
            for suggestion in note.result.suggestions { titles[CodeKey.of(suggestion.code.code)] = suggestion.title }
        }
        var out = "# Per-code table at k=\(report.k) (gold documents only; most frequent gold codes first)\n"
        out += "code\tgold\tpredicted\ttp\tfp\tfn\tprecision\trecall\tf1\ttitle\n"
        for row in report.perCode {
            let scores = row.scores
            out += "\(row.display)\t\(row.gold)\t\(row.predicted)\t\(row.truePositives)\t\(row.falsePositives)\t"
                + "\(row.falseNegatives)\t\(EvaluationReport.fixed(scores.precision))\t"
                + "\(EvaluationReport.fixed(scores.recall))\t\(EvaluationReport.fixed(scores.f1))\t"
                + "\(titles[row.code] ?? "")\n"
        }
        out += "\n# Per note: missed gold codes (rank in the full ranking) and spurious codes in the top \(report.k)\n"
        for outcome in report.perNote where !outcome.missed.isEmpty || !outcome.spurious.isEmpty {
            out += "\n== \(outcome.id)  AP \(EvaluationReport.fixed(outcome.averagePrecision))"
            guard let note = notes[outcome.id] else {
                out += "  (no note: every gold code missed)\n"
                out += "missed: " + outcome.missed.map { named($0, titles) }.joined(separator: ", ") + "\n"
                continue
            }
            out += "\n"
            if !outcome.missed.isEmpty {
                out += "missed: " + zip(outcome.missed, outcome.missedRanks).map { code, rank in
                    named(code, titles) + (rank.map { " (rank \($0))" } ?? " (not ranked)")
                }.joined(separator: ", ") + "\n"
            }
            let suggestions = note.suggestionsByKey()
            for key in outcome.spurious {
                guard let suggestion = suggestions[key] else { continue }
                out += "spurious: \(suggestion.code.code)  \(suggestion.title)  score "
                    + EvaluationReport.fixed(suggestion.score) + "\n"
                for evidence in suggestion.evidence {
                    out += "    \"\(Self.oneLine(evidence.text))\" [\(evidence.span.start)-\(evidence.span.end)] "
                        + "\(evidence.assertion), \(evidence.section)\n"
                }
                for reason in suggestion.rationale { out += "    why: \(Self.oneLine(reason))\n" }
            }
        }
        return out
    }

    /// A code with its title, when known: `E78.5 "Hyperlipidemia, unspecified"`.
    private func named(_ key: String, _ titles: [String: String]) -> String {
        report.display(key) + (titles[key].map { " \"\($0)\"" } ?? "")
    }

    /// `text` with line breaks and tabs turned into spaces, so each record stays on one line.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : Character($0) })
    }
}

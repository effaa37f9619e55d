import ClinicodeCore

/// A self-contained HTML page (inline CSS, no scripts, no external resources):
/// the summary figures, a TP/FP/FN bar per code, and every note with its
/// evidence highlighted (hits green, spurious red, negated struck through).
/// Every piece of note text, code and title is HTML-escaped.
public struct HTMLReport: Sendable {
    /// The evaluation.
    public var report: EvaluationReport
    /// The notes, in order.
    public var notes: [EvaluatedNote]
    /// At most this many per-code bars (most frequent codes first).
    public var maximumCodeBars: Int
    /// Code titles by code key (see `CodeKey`), shown on hover.
    public var titles: [String: String]

    /// Creates a report.
    public init(report: EvaluationReport, notes: [EvaluatedNote], titles: [String: String] = [:],
                maximumCodeBars: Int = 400) {
        self.report = report
        self.notes = notes
        self.titles = titles
        self.maximumCodeBars = maximumCodeBars
    }

    /// `title="..."` for a code key, or nothing.
    private func titleAttribute(_ key: String) -> String {
        titles[key].map { " title=\"\(HTMLEscaping.escape($0))\"" } ?? ""
    }

    /// The page.
    public func render() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Clinicode evaluation</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
            table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right}th{text-align:left}
            .bar{display:inline-block;height:0.9em;vertical-align:middle}
            .btp{background:#4caf50}.bfp{background:#e53935}.bfn{background:#9e9e9e}
            .note{border:1px solid #ccc;padding:0.5em 1em;margin:1em 0}
            .text{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:0.9em}
            mark.tp{background:#c8e6c9}mark.fp{background:#ffcdd2}mark.oth{background:#fff3c4}
            mark.ex{background:none;border-bottom:1px dotted #777;color:#666}
            s.neg{color:#888;text-decoration-color:#c62828}
            .codes span{margin-right:0.8em}.hit{color:#2e7d32}.miss{color:#616161}.spur{color:#c62828}
            </style></head><body>
            <h1>Clinicode evaluation</h1>

            """
        out += summary()
        out += codeBars()
        out += "<h2>Notes</h2>\n<p>Highlights: <mark class=\"tp\">correct code</mark> "
            + "<mark class=\"fp\">spurious code (top \(report.k))</mark> <mark class=\"oth\">ranked below \(report.k)</mark> "
            + "<s class=\"neg\">negated</s> <mark class=\"ex\">left out (history, family, doubt...)</mark>. "
            + "Hover a highlight for its codes.</p>\n"
        let outcomes = Dictionary(report.perNote.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for note in notes { out += section(for: note, outcome: outcomes[note.id]) }
        out += "</body></html>\n"
        return out
    }

    private func summary() -> String {
        let e: (String) -> String = { HTMLEscaping.escape($0) }
        var out = "<p>Notes: \(report.notes) · gold documents: \(report.goldDocuments) · gold codes: \(report.goldCodes)"
            + " · gold file: \(e(report.goldSource))</p>\n"
        for warning in report.warnings { out += "<p>⚠ \(e(warning))</p>\n" }
        var levels = [("code", report.codeLevel)]
        if let category = report.categoryLevel { levels.append(("category/\(category.prefix ?? 0)", category)) }
        out += "<table><tr><th></th>" + levels.map { "<th>\($0.0)</th>" }.joined() + "</tr>\n"
        var rows: [(String, (LevelMetrics) -> Double)] = [
            ("MAP", { $0.meanAveragePrecision }),
            ("P@\(report.k) micro", { $0.micro.precision }), ("R@\(report.k) micro", { $0.micro.recall }),
            ("F1@\(report.k) micro", { $0.micro.f1 }), ("F1@\(report.k) macro", { $0.macro.f1 }),
        ]
        for depth in report.codeLevel.recallAtDepths.map(\.depth) {
            rows.append(("R@\(depth)", { $0.recall(at: depth) ?? 0 }))
        }
        for (label, value) in rows {
            out += "<tr><th>\(label)</th>" + levels.map { "<td>\(EvaluationReport.fixed(value($0.1)))</td>" }.joined()
                + "</tr>\n"
        }
        out += "</table>\n"
        if let throughput = report.throughput {
            out += "<p>Throughput: \(throughput.notes) notes, "
                + "\(EvaluationReport.fixed(throughput.notesPerSecond)) notes/s, "
                + "\(EvaluationReport.fixed(throughput.megabytesPerSecond)) MB/s</p>\n"
        }
        return out
    }

    private func codeBars() -> String {
        let rows = report.perCode.prefix(maximumCodeBars)
        let scale = Double(max(1, rows.map { $0.truePositives + $0.falsePositives + $0.falseNegatives }.max() ?? 1))
        var out = "<h2>Per code at \(report.k)</h2>\n<p><span class=\"bar btp\" style=\"width:1em\"></span> TP "
            + "<span class=\"bar bfp\" style=\"width:1em\"></span> FP <span class=\"bar bfn\" style=\"width:1em\"></span> FN"
        if report.perCode.count > rows.count { out += " (the \(rows.count) most frequent of \(report.perCode.count) codes)" }
        out += "</p>\n<table><tr><th>code</th><th>gold</th><th>TP</th><th>FP</th><th>FN</th><th></th></tr>\n"
        for row in rows {
            func bar(_ count: Int, _ css: String) -> String {
                count == 0 ? "" : "<span class=\"bar \(css)\" style=\"width:\(Int((Double(count) / scale * 300).rounded(.up)))px\"></span>"
            }
            out += "<tr><th\(titleAttribute(row.code))>\(HTMLEscaping.escape(row.display))</th><td>\(row.gold)</td><td>\(row.truePositives)</td>"
                + "<td>\(row.falsePositives)</td><td>\(row.falseNegatives)</td><td style=\"text-align:left\">"
                + bar(row.truePositives, "btp") + bar(row.falsePositives, "bfp") + bar(row.falseNegatives, "bfn")
                + "</td></tr>\n"
        }
        return out + "</table>\n"
    }

    private func section(for note: EvaluatedNote, outcome: NoteOutcome?) -> String {
        let e: (String) -> String = { HTMLEscaping.escape($0) }
        var out = "<div class=\"note\" id=\"\(e(note.id))\"><h3>\(e(note.id))"
        if let outcome { out += " <small>AP \(EvaluationReport.fixed(outcome.averagePrecision))</small>" }
        out += "</h3>\n"
        if let outcome {
            var codes = "<p class=\"codes\">"
            for code in outcome.hits { codes += "<span class=\"hit\"\(titleAttribute(code))>✓ \(e(report.display(code)))</span>" }
            for (code, rank) in zip(outcome.missed, outcome.missedRanks) {
                let where_ = rank.map { " (rank \($0))" } ?? " (not ranked)"
                codes += "<span class=\"miss\"\(titleAttribute(code))>✗ missed \(e(report.display(code)))\(where_)</span>"
            }
            for code in outcome.spurious { codes += "<span class=\"spur\"\(titleAttribute(code))>+ \(e(report.display(code)))</span>" }
            out += codes + "</p>\n"
        } else {
            out += "<p>No gold for this note: not scored.</p>\n"
        }
        let marks = NoteHighlighter.marks(
            note: note, hits: Set(outcome?.hits ?? []), spurious: Set(outcome?.spurious ?? []))
        out += "<div class=\"text\">" + NoteHighlighter.html(text: note.text, marks: marks) + "</div></div>\n"
        return out
    }
}

import Foundation

extension EvaluationReport {
    /// A plain-text summary for a terminal: inputs, warnings, the figures at
    /// code and category level side by side, throughput, most-missed codes.
    public func renderText(mostMissed: Int = 10) -> String {
        var out = "Notes: \(notes)   gold documents: \(goldDocuments)   gold codes: \(goldCodes)"
            + "   (gold: \(goldSource))\n"
        for warning in warnings { out += "warning: \(warning)\n" }
        out += "\n"
        var levels = [("code", codeLevel)]
        if let categoryLevel { levels.append(("category/\(categoryLevel.prefix ?? 0)", categoryLevel)) }
        let width = 12
        func row(_ label: String, _ value: (LevelMetrics) -> Double) -> String {
            label.padding(toLength: 16, withPad: " ", startingAt: 0)
                + levels.map { Self.fixed(value($0.1)).leftPadded(to: width) }.joined() + "\n"
        }
        out += "".padding(toLength: 16, withPad: " ", startingAt: 0)
            + levels.map { $0.0.leftPadded(to: width) }.joined() + "\n"
        out += row("MAP") { $0.meanAveragePrecision }
        out += row("P@\(k) micro") { $0.micro.precision }
        out += row("R@\(k) micro") { $0.micro.recall }
        out += row("F1@\(k) micro") { $0.micro.f1 }
        out += row("P@\(k) macro") { $0.macro.precision }
        out += row("R@\(k) macro") { $0.macro.recall }
        out += row("F1@\(k) macro") { $0.macro.f1 }
        for depth in codeLevel.recallAtDepths.map(\.depth) {
            out += row("R@\(depth)") { $0.recall(at: depth) ?? 0 }
        }
        out += "gold codes".padding(toLength: 16, withPad: " ", startingAt: 0)
            + levels.map { String($0.1.goldCodes).leftPadded(to: width) }.joined() + "\n"
        out += "docs predicted".padding(toLength: 16, withPad: " ", startingAt: 0)
            + levels.map { String($0.1.documentsPredicted).leftPadded(to: width) }.joined() + "\n"
        if let throughput {
            out += "\nThroughput: \(throughput.notes) notes, "
                + String(format: "%.3f MB in %.2f s: %.1f notes/s, %.3f MB/s (%d job%@)\n",
                         Double(throughput.bytes) / 1_000_000, throughput.seconds,
                         throughput.notesPerSecond, throughput.megabytesPerSecond,
                         throughput.jobs, throughput.jobs == 1 ? "" : "s")
        }
        let missed = perCode.filter { $0.falseNegatives > 0 }
            .sorted { ($0.falseNegatives, $1.code) > ($1.falseNegatives, $0.code) }
            .prefix(mostMissed)
        if !missed.isEmpty {
            out += "\nMost-missed codes at \(k) (missed/gold): "
                + missed.map { "\($0.display) \($0.falseNegatives)/\($0.gold)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// JSON: the summary figures; with `details`, also per-code and per-note records.
    public func renderJSON(details: Bool = false) -> String {
        var copy = self
        if !details {
            copy.perCode = []
            copy.perNote = []
            copy.displayForms = [:]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(copy) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Four decimals, as score.py rounds.
    static func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}

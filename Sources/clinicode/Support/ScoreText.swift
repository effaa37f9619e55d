/// Scores as fixed-decimal text: the same digits on every run, platform and
/// locale (no `%f`, no shortest-round-trip printing).
enum ScoreText {
    /// Digits after the decimal point.
    static let decimals = 3

    /// `score` rounded half away from zero to three decimals (`0.910`).
    /// Non-finite values print as `0.000`.
    static func format(_ score: Double) -> String {
        guard score.isFinite else { return "0.000" }
        let scaled = (abs(score) * 1000).rounded(.toNearestOrAwayFromZero)
        guard scaled < 1e15 else { return score < 0 ? "-999999999999.999" : "999999999999.999" }
        let units = Int(scaled)
        let whole = units / 1000, fraction = units % 1000
        var text = (score < 0 && units != 0) ? "-" : ""
        text.append(String(whole))
        text.append(fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".")
        text.append(String(fraction))
        return text
    }
}

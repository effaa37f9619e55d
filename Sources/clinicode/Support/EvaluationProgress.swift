import Foundation

/// The `clinicode eval` progress line on standard error: notes done, rate and
/// time left, redrawn in place. Silent unless stderr is a terminal, so pipes,
/// logs and CI see only the final report.
struct EvaluationProgress {
    /// Notes in the run.
    let total: Int
    /// Whether anything is drawn.
    let enabled: Bool
    private let started = Date()
    private var lastDrawn = Date.distantPast

    /// A progress line for `total` notes, drawn only when stderr is a terminal.
    init(total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.enabled = enabled
    }

    /// Shows `done` notes finished (at most ten redraws a second, and always the last).
    mutating func update(done: Int) {
        guard enabled else { return }
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\reval: %d/%d notes, %.1f notes/s, %.0f s left ", done, total, rate, left)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line so the report starts clean.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

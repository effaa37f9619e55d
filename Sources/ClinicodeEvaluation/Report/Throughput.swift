/// How fast the notes went through the engine.
public struct Throughput: Sendable, Hashable, Codable {
    /// Notes processed.
    public var notes: Int
    /// Bytes of note text (UTF-8).
    public var bytes: Int
    /// Wall-clock seconds spent processing them.
    public var seconds: Double
    /// Worker count.
    public var jobs: Int

    /// Creates a record.
    public init(notes: Int, bytes: Int, seconds: Double, jobs: Int = 1) {
        self.notes = notes
        self.bytes = bytes
        self.seconds = seconds
        self.jobs = jobs
    }

    /// Notes per second (0 when no time was measured).
    public var notesPerSecond: Double { seconds > 0 ? Double(notes) / seconds : 0 }
    /// Megabytes (10^6 bytes) per second.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
}

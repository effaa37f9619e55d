import Foundation

/// Maps a function over a batch on several threads and returns the results
/// in input order, so output does not depend on the number of jobs.
///
/// Workers take the next unclaimed item from a shared counter, which keeps
/// all threads busy when item costs vary (short and long notes).
public struct BatchRunner: Sendable {
    /// The number of threads used (at least 1).
    public let jobs: Int

    /// A runner with `jobs` threads; `nil` means one per active core.
    public init(jobs: Int? = nil) {
        self.jobs = max(1, jobs ?? BatchRunner.defaultJobs)
    }

    /// One job per active processor.
    public static var defaultJobs: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `transform` applied to every input, results in input order.
    public func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        let workers = min(jobs, inputs.count)
        if workers <= 1 { return inputs.map(transform) }
        let slots = ResultSlots<Output>(count: inputs.count)
        let counter = Counter()
        WorkerThreads.run(workers) { _ in
            while true {
                let index = counter.next()
                if index >= inputs.count { break }
                slots.store(transform(inputs[index]), at: index)
            }
        }
        return slots.collect()
    }
}

/// Hands out item indices to workers. A lock rather than `Atomic` keeps the
/// package building for macOS 13; one lock round per note costs nothing
/// next to analysing the note.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// Write-once result storage shared by the workers of one `map` call.
/// Safe because each index is written by exactly one worker, and read only
/// after `WorkerThreads.run` has returned (joining the threads orders the
/// writes first).
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    func store(_ value: Value, at index: Int) { storage[index] = value }

    func collect() -> [Value] { storage.map { $0! } }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
}

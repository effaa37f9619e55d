import Clinicode
import Foundation
import Testing

/// `BatchRunner.stream`, which runs `suggest`'s groups of notes: results in
/// source order, a bounded number in flight, and a stop on a failed write.
@Suite("batch runner stream")
struct BatchStreamTests {
    /// Counters shared by a test's closures, which the stream may call from
    /// any of its threads (one at a time, but not always the same one).
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: Int] = [:]
        func add(_ key: String, _ amount: Int = 1) { lock.withLock { values[key, default: 0] += amount } }
        func raise(_ key: String, to value: Int) { lock.withLock { values[key] = max(values[key] ?? 0, value) } }
        subscript(key: String) -> Int { lock.withLock { values[key] ?? 0 } }
    }

    struct WriteFailed: Error, Equatable {}

    @Test("every item is consumed once, in source order, whatever the job count", arguments: [1, 2, 3, 8])
    func keepsSourceOrder(jobs: Int) {
        var source = (0..<300).makeIterator()
        var consumed: [String] = []
        BatchRunner(jobs: jobs).stream(window: 5, next: { source.next() }, transform: { value -> String in
            // Uneven work so threads finish out of order.
            if value % 7 == 0 { usleep(300) }
            return "item-\(value)"
        }, consume: { consumed.append($0) })
        #expect(consumed == (0..<300).map { "item-\($0)" })
    }

    @Test("no more than `window` items are in flight, even behind a slow one", arguments: [2, 4])
    func boundsItemsInFlight(jobs: Int) {
        let tally = Tally()
        var source = (0..<200).makeIterator()
        BatchRunner(jobs: jobs).stream(window: 6, next: { () -> Int? in
            guard let value = source.next() else { return nil }
            tally.add("taken")
            tally.raise("most in flight", to: tally["taken"] - tally["consumed"])
            return value
        }, transform: { value -> Int in
            // The first item is slow: the others must not run far ahead of it.
            usleep(value == 0 ? 50_000 : value % 3 == 0 ? 200 : 0)
            return value
        }, consume: { _ in tally.add("consumed") })
        #expect(tally["consumed"] == 200)
        #expect(tally["most in flight"] <= 6)
        #expect(tally["most in flight"] >= 2)
    }

    @Test("a failed consume stops taking items and is rethrown", arguments: [1, 2, 4])
    func stopsOnConsumeFailure(jobs: Int) {
        let tally = Tally()
        var source = (0..<10_000).makeIterator()
        var consumed: [Int] = []
        #expect(throws: WriteFailed()) {
            try BatchRunner(jobs: jobs).stream(window: 8, next: { () -> Int? in
                tally.add("taken")
                return source.next()
            }, transform: { $0 }, consume: { (value: Int) throws(WriteFailed) in
                if value == 20 { throw WriteFailed() }
                consumed.append(value)
            })
        }
        #expect(consumed == Array(0..<20))
        // Taking stops within a window of the failure.
        #expect(tally["taken"] <= 21 + 8)
    }

    @Test("an empty source consumes nothing", arguments: [1, 3])
    func emptySource(jobs: Int) {
        var calls = 0
        BatchRunner(jobs: jobs).stream(window: 4, next: { () -> Int? in nil }, transform: { $0 },
                                       consume: { _ in calls += 1 })
        #expect(calls == 0)
    }

    @Test("threads that find little or no work start and end cleanly, many times over")
    func manyShortRuns() {
        for round in 0..<300 {
            let count = round % 4
            var source = (0..<count).makeIterator()
            var consumed: [Int] = []
            BatchRunner(jobs: 4).stream(window: 2, next: { source.next() }, transform: { $0 * 2 },
                                        consume: { consumed.append($0) })
            #expect(consumed == (0..<count).map { $0 * 2 })
            #expect(BatchRunner(jobs: 3).map(Array(0..<count)) { $0 + 1 } == (0..<count).map { $0 + 1 })
        }
    }
}

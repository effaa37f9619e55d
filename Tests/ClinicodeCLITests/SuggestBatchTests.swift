import Clinicode
import Foundation
import Testing

/// `BatchRunner`, the parallel map behind `suggest --jobs` and `train`.
@Suite("batch runner")
struct SuggestBatchTests {
    @Test("results come back in input order whatever the job count", arguments: [1, 2, 3, 8])
    func keepsInputOrder(jobs: Int) {
        let inputs = Array(0..<200)
        let results = BatchRunner(jobs: jobs).map(inputs) { value -> String in
            // Uneven work so workers finish out of order.
            if value % 7 == 0 { usleep(200) }
            return "item-\(value)"
        }
        #expect(results == inputs.map { "item-\($0)" })
    }

    @Test("empty and single inputs work; jobs is at least 1")
    func edgeCases() {
        #expect(BatchRunner(jobs: 4).map([Int]()) { $0 }.isEmpty)
        #expect(BatchRunner(jobs: 4).map([5]) { $0 * 2 } == [10])
        #expect(BatchRunner(jobs: 0).jobs == 1)
    }
}

import Foundation

extension BatchRunner {
    /// Applies `transform` to the items `next` yields, on `jobs` threads, and
    /// hands each result to `consume` in the order `next` yielded the items,
    /// as soon as that result and all before it are ready.
    ///
    /// Unlike `map` over one chunk after another, no thread waits at a
    /// chunk's end for the slowest item, or while the results are consumed:
    /// the threads stop only when the source runs dry. At most `window` items
    /// are taken ahead of the oldest one not yet consumed, so memory stays
    /// bounded over an endless source and behind one slow item.
    ///
    /// `next` and `consume` are called by one thread at a time, though not
    /// always the caller's: `next` blocking on input (a pipe) holds up only
    /// the taking of items. `nil` from `next` ends the source. A `consume`
    /// that throws stops the run: no more items are taken, and its error is
    /// rethrown once every thread has finished its item.
    public func stream<Item: Sendable, Output: Sendable, Failure: Error>(
        window: Int, next: () -> Item?, transform: @Sendable (Item) -> Output,
        consume: (Output) throws(Failure) -> Void
    ) throws(Failure) {
        guard jobs > 1 else {
            while let item = next() { try consume(transform(item)) }
            return
        }
        let failure: Failure? = withoutActuallyEscaping(next) { next in
            withoutActuallyEscaping(consume) { consume in
                let stream = OrderedStream(window: max(1, window), next: next, consume: consume)
                WorkerThreads.run(jobs) { _ in stream.work(transform) }
                return stream.failure
            }
        }
        if let failure { throw failure }
    }
}

/// The state the threads of one `BatchRunner.stream` call share.
///
/// `@unchecked Sendable`: `next` runs only under `sourceLock`; the result
/// slots and counters are touched only under `state`; `consume` runs only on
/// the thread that set `consuming`, so one at a time and in order.
private final class OrderedStream<Item, Output, Failure: Error>: @unchecked Sendable {
    private let next: () -> Item?
    private let consume: (Output) throws(Failure) -> Void
    private let window: Int
    private let sourceLock = NSLock()
    /// Guards everything below; signalled when `consumed` moves or the run stops.
    private let state = NSCondition()
    /// Results waiting to be consumed; item `i` goes in slot `i % window`.
    private var slots: [Output?]
    /// Items taken from the source so far (also the next item's index).
    private var taken = 0
    /// Results consumed so far (also the index of the next one to consume).
    private var consumed = 0
    /// A thread is consuming results (only it may call `consume`).
    private var consuming = false
    /// The source is exhausted or `consume` failed: take no more items.
    private var stopped = false
    /// What `consume` threw, if it did.
    private(set) var failure: Failure?

    init(window: Int, next: @escaping () -> Item?, consume: @escaping (Output) throws(Failure) -> Void) {
        self.window = window
        self.next = next
        self.consume = consume
        slots = Array(repeating: nil, count: window)
    }

    /// One thread's share: take an item, transform it, store the result
    /// (consuming whatever is now ready in order), until the source is done.
    func work(_ transform: (Item) -> Output) {
        while let (index, item) = take() {
            let output = transform(item)
            state.lock()
            slots[index % window] = output
            if index == consumed && !consuming { consumeReady() }
            state.unlock()
        }
    }

    /// The next item and its index, or `nil` once the run is over. Waits
    /// while `window` items are already ahead of the oldest unconsumed one.
    private func take() -> (Int, Item)? {
        sourceLock.lock()
        defer { sourceLock.unlock() }
        state.lock()
        while !stopped && taken - consumed >= window { state.wait() }
        let index = taken
        let stop = stopped
        state.unlock()
        guard !stop, let item = next() else {
            state.lock()
            stopped = true
            state.broadcast()
            state.unlock()
            return nil
        }
        state.lock()
        taken += 1
        state.unlock()
        return (index, item)
    }

    /// Consumes results in order for as long as the next one is ready. Called
    /// and returns with `state` locked; unlocks it around each `consume`.
    private func consumeReady() {
        consuming = true
        defer { consuming = false }
        while failure == nil, let output = slots[consumed % window] {
            slots[consumed % window] = nil
            state.unlock()
            var thrown: Failure?
            do throws(Failure) { try consume(output) } catch { thrown = error }
            state.lock()
            consumed += 1
            if let thrown {
                failure = thrown
                stopped = true
            }
            state.broadcast()
        }
    }
}

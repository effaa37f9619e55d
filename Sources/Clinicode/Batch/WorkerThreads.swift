import CThreads

/// Runs one body on several threads at once: the caller's and fresh ones.
///
/// On Linux, libdispatch's `concurrentPerform` starts its second iteration
/// 1.5–3 ms late on first use, and now and then only after the first one
/// has finished: that was most of the start-up wall time `--jobs 2` lost
/// to `--jobs 1`. A new POSIX thread starts in about 0.05 ms, on another
/// processor than its creator's (see `clinicode_thread_start`).
enum WorkerThreads {
    /// The stack each thread gets, in bytes: the main thread's usual size,
    /// whatever the process's stack limit (virtual until touched).
    static let stackSize = 8 << 20

    /// Calls `body(0)` on the calling thread and `body(1)` ... `body(count - 1)`
    /// each on a thread of its own, and returns when all have returned (the
    /// threads may still be freeing their thread-local data). A thread that
    /// cannot be started runs its share on the caller instead.
    static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let started = (1..<count).map { index in (index, start { body(index) }) }
            body(0)
            for (index, thread) in started {
                if let thread { clinicode_thread_join(thread) } else { body(index) }
            }
        }
    }

    /// What a started thread runs; the thread releases it before it ends.
    private final class Work {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// A thread running `work`, or `nil` when none could be started.
    private static func start(_ work: @escaping @Sendable () -> Void) -> UInt? {
        let context = Unmanaged.passRetained(Work(work)).toOpaque()
        var thread: UInt = 0
        let status = clinicode_thread_start({ context in
            // Taken (and so released) here, before the join returns: `run`
            // joins every thread before `withoutActuallyEscaping` returns.
            Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
        }, context, stackSize, &thread)
        guard status == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

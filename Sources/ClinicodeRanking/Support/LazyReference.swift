import CPrefetch
import Synchronization

/// A reference set once, on first use, by whichever thread gets there first,
/// then read without a lock: one atomic load. Lets an immutable, shared
/// object (a catalog node) point at things derived from it (its children)
/// without a side table whose look-up misses the cache.
struct LazyReference<Object: AnyObject & Sendable>: ~Copyable, Sendable {
    /// `Unmanaged` bits of the object (retained by this slot), 0 while unset.
    private let bits = Atomic<UInt>(0)

    init() {}

    /// The object if set.
    var current: Object? {
        let current = bits.load(ordering: .acquiring)
        guard current != 0 else { return nil }
        return Unmanaged<Object>.fromOpaque(UnsafeRawPointer(bitPattern: current)!).takeUnretainedValue()
    }

    /// The object, made by `make` if unset; every caller sees the same one.
    func value(_ make: () -> Object) -> Object {
        let current = bits.load(ordering: .acquiring)
        if current != 0 {
            return Unmanaged<Object>.fromOpaque(UnsafeRawPointer(bitPattern: current)!).takeUnretainedValue()
        }
        let made = Unmanaged.passRetained(make())
        let desired = UInt(bitPattern: made.toOpaque())
        let (exchanged, original) = bits.compareExchange(expected: 0, desired: desired, ordering: .acquiringAndReleasing)
        if exchanged { return made.takeUnretainedValue() }
        made.release()
        return Unmanaged<Object>.fromOpaque(UnsafeRawPointer(bitPattern: original)!).takeUnretainedValue()
    }

    /// `body` of the object, made by `make` if unset, read without a retain
    /// and release of it: the slot holds it (retained) for as long as the
    /// slot lives, and the slot's owner outlives the call.
    @inline(__always)
    func read<Result>(_ make: () -> Object, _ body: (Object) -> Result) -> Result {
        let current = bits.load(ordering: .acquiring)
        if current != 0 {
            return Unmanaged<Object>.fromOpaque(UnsafeRawPointer(bitPattern: current)!)._withUnsafeGuaranteedRef(body)
        }
        return body(value(make))
    }

    /// Starts loading the object's first `lines` cache lines, when set,
    /// without waiting for them (see `clinicode_prefetch`).
    @inline(__always)
    func prefetch(lines: Int) {
        let current = bits.load(ordering: .relaxed)
        guard current != 0, let object = UnsafeRawPointer(bitPattern: current) else { return }
        for line in 0..<lines { clinicode_prefetch(object + 64 * line) }
    }

    deinit {
        let current = bits.load(ordering: .acquiring)
        if current != 0 { Unmanaged<Object>.fromOpaque(UnsafeRawPointer(bitPattern: current)!).release() }
    }
}

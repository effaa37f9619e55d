#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One instance of a class per thread, made on first use and released when
/// its thread ends: the matcher's caches (`WordCache`, `TermReadings`) are
/// filled note after note by one thread and never shared, so they need no lock.
struct PerThreadObject<Object: AnyObject>: @unchecked Sendable {
    // A key is only an index into each thread's own table: sharing it is safe.
    private let key: pthread_key_t

    /// A new slot; `label` names it if the system has no keys left.
    init(_ label: String) {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
        }
        precondition(status == 0, "no thread-specific key for \(label)")
        self.key = key
    }

    /// This thread's object, made by `make` the first time.
    @inline(__always)
    func current(orMake make: () -> Object) -> Object {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Object>.fromOpaque(pointer).takeUnretainedValue()
        }
        let object = make()
        pthread_setspecific(key, Unmanaged.passRetained(object).toOpaque())
        return object
    }
}

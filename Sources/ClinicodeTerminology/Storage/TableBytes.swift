import ClinicodeCore

/// The bytes of a `StringTable`: an array while a table is built, or the
/// bytes of the model file it was loaded from, read in place.
///
/// A loaded terminology's string tables (code titles, term texts) are
/// megabytes: copying them out of the mapped model cost about a tenth of a
/// cold start, most of it faulting in fresh pages for the copy, while the
/// mapped pages are already in memory (the archive's checksum has read them).
struct TableBytes: @unchecked Sendable {
    // Either `array` (built), or `view` kept alive by `owner` (loaded); the
    // view is read-only and never changes once made, so sharing is safe.
    private var array: [UInt8] = []
    private var view: UnsafeBufferPointer<UInt8>?
    private var owner: AnyObject?

    /// No bytes.
    init() {}

    /// The bytes `owner` keeps alive, read in place; copied when there is no owner.
    init(inPlace bytes: UnsafeRawBufferPointer, owner: AnyObject?) {
        guard let owner else {
            array = Array(bytes)
            return
        }
        self.owner = owner
        // Bytes need no alignment, and nothing else types this memory.
        view = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    var count: Int { view?.count ?? array.count }

    /// The bytes as an array (for writing a model).
    var asArray: [UInt8] { view.map { Array($0) } ?? array }

    /// Runs `body` over the bytes.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let view { return try body(view) }
        return try array.withUnsafeBufferPointer(body)
    }

    /// Appends bytes (a loaded table becomes an array first).
    mutating func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        if let view {
            array = Array(view)
            self.view = nil
            owner = nil
        }
        array.append(contentsOf: bytes)
    }
}

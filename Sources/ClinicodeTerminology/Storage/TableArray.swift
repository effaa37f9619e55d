import ClinicodeCore

/// The elements of one of the terminology's large tables: either made in
/// memory (a table built from `Lexicons/`, or read from an older model) or
/// a view of the model file's own bytes where they are mapped.
///
/// Loading used to copy every table out of the mapped model (about 17 MB):
/// the copy, and the page faults and page clearing of the fresh memory it
/// went to, were most of a one-note run's start-up, and the copies added to
/// the resident memory the mapped file already accounted for. A view costs
/// nothing to make, and keeps the mapping alive.
///
/// Shaped like an `Array` on purpose: one reference to a buffer object, so
/// a struct of tables copies (and is kept from copying by the optimiser)
/// exactly as it did with arrays. A table of an array and a view side by
/// side made the matcher copy the whole vocabulary for every word it looked up.
struct TableArray<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    // @unchecked: the buffer is only written while the table is built, through
    // a uniquely referenced copy; a view's bytes are read-only.
    private var buffer: TableBuffer<Element>

    /// An empty table, to be appended to.
    init() {
        buffer = TableBuffer.make(capacity: 0)
    }

    /// A table holding `elements`.
    init(_ elements: [Element]) {
        buffer = TableBuffer.make(capacity: elements.count)
        elements.withUnsafeBufferPointer { source in
            buffer.withHeader { header in
                if let base = source.baseAddress { header.pointee.elements.initialize(from: base, count: source.count) }
                header.pointee.count = source.count
            }
        }
    }

    /// A table holding a copy of `count` elements stored little-endian at
    /// `raw`, which need not be aligned.
    init(copying raw: UnsafeRawBufferPointer, count: Int) {
        buffer = TableBuffer.make(capacity: count)
        buffer.withHeader { header in
            #if _endian(little)
            if let base = raw.baseAddress {
                UnsafeMutableRawPointer(header.pointee.elements)
                    .copyMemory(from: base, byteCount: count * MemoryLayout<Element>.stride)
            }
            #else
            precondition(Element.self == UInt32.self, "big-endian tables hold UInt32 only")
            for index in 0..<count {
                let value = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                UnsafeMutableRawPointer(header.pointee.elements).storeBytes(of: value, toByteOffset: index * 4, as: UInt32.self)
            }
            #endif
            header.pointee.count = count
        }
    }

    /// A table over `view`, which stays valid while `owner` lives.
    init(viewing view: UnsafeBufferPointer<Element>, owner: AnyObject?) {
        buffer = TableBuffer.make(viewing: view, owner: owner)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    var count: Int { buffer.withHeader { $0.pointee.count } }

    @inline(__always)
    subscript(position: Int) -> Element {
        get {
            buffer.withHeader { header in
                precondition(position >= 0 && position < header.pointee.count, "table index out of range")
                return header.pointee.elements[position]
            }
        }
        set {
            makeUniqueOwned(capacity: count)
            buffer.withHeader { header in
                precondition(position >= 0 && position < header.pointee.count, "table index out of range")
                header.pointee.elements[position] = newValue
            }
        }
    }

    /// Calls `body` with the elements' contiguous storage.
    @inline(__always)
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        let elements = buffer.withHeader { UnsafeBufferPointer(start: $0.pointee.elements, count: $0.pointee.count) }
        return try withExtendedLifetime(buffer) { try body(elements) }
    }

    /// Appends an element (tables being built).
    mutating func append(_ element: Element) {
        let count = count
        makeUniqueOwned(capacity: count + 1)
        buffer.withHeader { header in
            (header.pointee.elements + count).initialize(to: element)
            header.pointee.count = count + 1
        }
    }

    /// Appends elements (tables being built).
    mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    /// The elements as an array (for writing the table).
    var elements: [Element] { withUnsafeBufferPointer(Array.init) }

    /// Makes the buffer this table's own, in memory, with room for `capacity`
    /// elements (growing geometrically): a view or a shared buffer is copied first.
    private mutating func makeUniqueOwned(capacity: Int) {
        let (owned, room) = buffer.withHeader { ($0.pointee.isOwned, $0.pointee.capacity) }
        if isKnownUniquelyReferenced(&buffer), owned, room >= capacity { return }
        let grown = TableBuffer<Element>.make(capacity: room >= capacity ? room : Swift.max(capacity, 2 * room, 16))
        let count = count
        withUnsafeBufferPointer { source in
            grown.withHeader { header in
                if let base = source.baseAddress { header.pointee.elements.initialize(from: base, count: count) }
                header.pointee.count = count
            }
        }
        buffer = grown
    }
}

/// Where a `TableArray`'s elements are: memory it allocated (`isOwned`), or
/// bytes of the model that `owner` keeps mapped.
struct TableHeader<Element> {
    var elements: UnsafeMutablePointer<Element>
    var count: Int
    var capacity: Int
    var isOwned: Bool
    var owner: AnyObject?
}

/// A `TableArray`'s buffer object. Its header is read through a pointer
/// (`withHeader`), never as a class property, so reading a table costs no
/// exclusivity check.
final class TableBuffer<Element: BitwiseCopyable>: ManagedBuffer<TableHeader<Element>, Void> {
    /// A buffer owning room for `capacity` elements.
    static func make(capacity: Int) -> TableBuffer<Element> {
        let elements = UnsafeMutablePointer<Element>.allocate(capacity: max(capacity, 1))
        let buffer = create(minimumCapacity: 0) { _ in
            TableHeader(elements: elements, count: 0, capacity: capacity, isOwned: true, owner: nil)
        }
        return unsafeDowncast(buffer, to: TableBuffer<Element>.self)
    }

    /// A buffer over `view`, kept valid by `owner`.
    static func make(viewing view: UnsafeBufferPointer<Element>, owner: AnyObject?) -> TableBuffer<Element> {
        // An empty view may have no address: any aligned non-null pointer will do for no elements.
        let elements = UnsafeMutablePointer(mutating: view.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!)
        let buffer = create(minimumCapacity: 0) { _ in
            TableHeader(elements: elements, count: view.count, capacity: view.count, isOwned: false, owner: owner)
        }
        return unsafeDowncast(buffer, to: TableBuffer<Element>.self)
    }

    @inline(__always)
    func withHeader<Result>(_ body: (UnsafeMutablePointer<TableHeader<Element>>) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointerToHeader(body)
    }

    deinit {
        withHeader { header in
            if header.pointee.isOwned { header.pointee.elements.deallocate() }
        }
    }
}

extension TableArray where Element == UInt32 {
    /// Whether no value is below the one before it (offsets and row starts
    /// read from a model must be, or slicing by them would trap).
    var isNondecreasing: Bool { withUnsafeBufferPointer { Self.steps($0, strictly: false) } }

    /// Whether every value is above the one before it (row starts of rows
    /// that may not be empty).
    var isIncreasing: Bool { withUnsafeBufferPointer { Self.steps($0, strictly: true) } }

    /// Whether each value is at least (`strictly`: above) the one before.
    /// Without an early exit, so the loop vectorises: these checks run over
    /// every offset and row start of the model at every start.
    private static func steps(_ values: UnsafeBufferPointer<UInt32>, strictly: Bool) -> Bool {
        guard values.count > 1, let base = values.baseAddress else { return true }
        var bad: UInt32 = 0
        if strictly {
            for index in 1..<values.count { bad |= base[index] <= base[index - 1] ? 1 : 0 }
        } else {
            for index in 1..<values.count { bad |= base[index] < base[index - 1] ? 1 : 0 }
        }
        return bad == 0
    }

    /// The largest value (0 when empty), without an early exit so it vectorises.
    var largest: UInt32 { withUnsafeBufferPointer { Self.largest($0) } }

    /// The largest value of `values` that is not `skipping` (0 when there is none).
    static func largest(_ values: UnsafeBufferPointer<UInt32>, skipping: UInt32? = nil) -> UInt32 {
        guard let base = values.baseAddress else { return 0 }
        var result: UInt32 = 0
        if let skipping {
            for index in 0..<values.count { result = Swift.max(result, base[index] == skipping ? 0 : base[index]) }
        } else {
            for index in 0..<values.count { result = Swift.max(result, base[index]) }
        }
        return result
    }
}

extension BinaryReader {
    /// Reads an array of 32-bit integers written by `BinaryWriter.write(aligned:)`
    /// (by `write(_: [UInt32])` in sections whose `arraysAreAligned` is
    /// false: models before terminology format 4) as a table: a view of the
    /// reader's bytes where they are aligned on a little-endian machine, else a copy.
    mutating func readUInt32Table() throws -> TableArray<UInt32> {
        // Without padding (alignment 1) in older sections.
        let raw = try readAlignedArrayView(elementSize: 4, alignment: arraysAreAligned ? 4 : 1)
        #if _endian(little)
        if arraysAreAligned, let base = raw.baseAddress, Int(bitPattern: base) % 4 == 0 {
            return TableArray(viewing: raw.bindMemory(to: UInt32.self), owner: bytesOwner)
        }
        #endif
        return TableArray(copying: raw, count: raw.count / 4)
    }

    /// Reads bytes written by `write(bytes:)` as a table viewing the reader's bytes.
    mutating func readByteTable() throws -> TableArray<UInt8> {
        TableArray(viewing: try readBytesView().bindMemory(to: UInt8.self), owner: bytesOwner)
    }
}

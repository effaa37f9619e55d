/// A node's or family's weighted words read in place: 12-byte entries (the
/// word's `WordHash`, then its weight as a `Float`, little-endian) in the
/// model's catalog section (`CatalogTable`) or in a buffer a node built
/// itself. Weights come from `WordWeights`, which stores them as `Float`, so
/// reading them back as `Double` gives the values the ranker always used.
///
/// A view, not an array: a node made from the table points into the mapped
/// model instead of copying its lists (see `CatalogNode.storage`, which keeps
/// the bytes alive).
struct WeightedWords: RandomAccessCollection, @unchecked Sendable {
    /// Bytes per entry.
    static let stride = 12

    private let base: UnsafeRawPointer?
    let count: Int

    init(base: UnsafeRawPointer?, count: Int) {
        self.base = count == 0 ? nil : base
        self.count = count
    }

    /// The empty list.
    static let empty = WeightedWords(base: nil, count: 0)

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(position: Int) -> (hash: UInt64, weight: Double) {
        (hash(at: position), weight(at: position))
    }

    /// The hash of entry `position`, without its weight.
    @inline(__always)
    func hash(at position: Int) -> UInt64 {
        UInt64(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position &* Self.stride, as: UInt64.self))
    }

    /// The weight of entry `position`.
    @inline(__always)
    func weight(at position: Int) -> Double {
        let bits = UInt32(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position &* Self.stride &+ 8, as: UInt32.self))
        return Double(Float(bitPattern: bits))
    }

    /// Entries `range` as a list of their own.
    func slice(_ range: Range<Int>) -> WeightedWords {
        WeightedWords(base: base.map { $0 + range.lowerBound * Self.stride }, count: range.count)
    }

    /// Whether some entry has this hash (the usual question: is a word a title word).
    @inline(__always)
    func contains(hash word: UInt64) -> Bool {
        var position = 0
        while position < count {
            if hash(at: position) == word { return true }
            position &+= 1
        }
        return false
    }

    /// Hands the list itself to `body`: the list is already a view of its
    /// bytes, and callers written for an array of (hash, weight) read it the same way.
    @inline(__always)
    func withUnsafeBufferPointer<Result>(_ body: (WeightedWords) throws -> Result) rethrows -> Result {
        try body(self)
    }

    /// Writes entries as `init(base:count:)` reads them.
    static func append(_ words: some Sequence<(hash: UInt64, weight: Double)>, to bytes: inout [UInt8]) {
        for (hash, weight) in words {
            withUnsafeBytes(of: hash.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: Float(weight).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
    }
}

/// A list of word hashes read in place (8-byte little-endian entries): a
/// node's "with" clause words.
struct WordHashList: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeRawPointer?
    let count: Int

    init(base: UnsafeRawPointer?, count: Int) {
        self.base = count == 0 ? nil : base
        self.count = count
    }

    static let empty = WordHashList(base: nil, count: 0)

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(position: Int) -> UInt64 {
        UInt64(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position &* 8, as: UInt64.self))
    }

    static func append(_ words: some Sequence<UInt64>, to bytes: inout [UInt8]) {
        for word in words { withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) } }
    }
}

/// A list of code ids read in place (4-byte little-endian entries): a
/// node's children, or a family's word ends.
struct CodeIDList: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeRawPointer?
    let count: Int

    init(base: UnsafeRawPointer?, count: Int) {
        self.base = count == 0 ? nil : base
        self.count = count
    }

    static let empty = CodeIDList(base: nil, count: 0)

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(position: Int) -> Int {
        Int(UInt32(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position &* 4, as: UInt32.self)))
    }

    static func append(_ values: some Sequence<Int>, to bytes: inout [UInt8]) {
        for value in values { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) } }
    }
}

/// Bytes a node or family built itself (no catalog table): the lists it
/// views live here, as long as the node does.
final class CatalogBytes: @unchecked Sendable {
    // Never written after init.
    private let storage: UnsafeMutableRawBufferPointer

    init(_ bytes: [UInt8]) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
    }

    /// The address of byte `offset`.
    func address(_ offset: Int) -> UnsafeRawPointer { UnsafeRawPointer(storage.baseAddress!) + offset }

    deinit { storage.deallocate() }
}

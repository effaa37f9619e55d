#if canImport(Glibc)
import Glibc
#endif
import CPrefetch
import ClinicodeCore

/// What a mention of a term carries that depends on the term alone (its
/// text, its codes and their ids, its source), kept per thread from note to
/// note so that mentions of the same term share one `String` and one array.
///
/// Every mention built its term's text (an allocation and a UTF-8 check
/// for most terms, which are longer than 15 bytes) and its code list (an
/// allocation, and a `CodeReference` made from the code table per code),
/// and freed both with the note, while the same terms come back note after
/// note (the background notes have 39,000 mentions). A term whose codes take a 7th character (chosen by
/// the sentence's words) or that has alternatives is built each time.
final class TermReadings {
    /// A term's reading.
    struct Reading {
        var term: String
        var codes: [CodeReference]
        var ids: Mention.CodeIDs
        var source: MatchSource

        /// What a slot holds when its term has no reading (or no term).
        static let unreadable = Reading(term: "", codes: [], ids: Mention.CodeIDs(), source: .title)
    }

    /// A term id (-1: empty) and its reading (nil: built each time).
    /// Readings are held in their slots: a slot pointing into an array of
    /// them cost two cache misses per mention.
    struct Slot {
        var term: Int32
        /// Whether the term has a reading (`reading` is `unreadable` when not).
        var isReadable: Bool
        /// Not optional, so that `withReading` can point at it in place.
        var reading: Reading

        init(term: Int32, reading: Reading?) {
            self.term = term
            isReadable = reading != nil
            self.reading = reading ?? .unreadable
        }
    }

    /// Slots (a power of two), 400 kB (in a 2 MB block, see `init`).
    static let capacity = 1 << 13
    /// The most terms kept before the table starts again.
    static let limit = capacity / 2

    /// The slots: a pointer, not an array, so reading them checks no exclusive access.
    private let slots: UnsafeMutablePointer<Slot>
    private var count = 0
    /// The terminology the readings come from (emptied for another); held
    /// strongly, as `WordCache.owner` says why.
    private var owner: Terminology.Storage?

    init() {
        // On a huge page of its own (as `WordCache.init` says why): the
        // kept terms' slots are read all over the table, a few per sentence.
        precondition(MemoryLayout<Slot>.stride * Self.capacity <= WordCache.hugePage, "term readings outgrow their page")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: WordCache.hugePage, alignment: WordCache.hugePage)
        #if os(Linux)
        _ = madvise(raw, WordCache.hugePage, MADV_HUGEPAGE)
        #endif
        slots = raw.bindMemory(to: Slot.self, capacity: Self.capacity)
        slots.initialize(repeating: Slot(term: -1, reading: nil), count: Self.capacity)
    }

    deinit {
        slots.deinitialize(count: Self.capacity)
        slots.deallocate()
    }

    /// Makes the table serve `storage`, emptied if it served another terminology.
    func prepare(for storage: Terminology.Storage) {
        if owner !== storage {
            owner = storage
            clear()
        }
    }

    private func clear() {
        slots.update(repeating: Slot(term: -1, reading: nil), count: Self.capacity)
        count = 0
    }

    /// The slot a term's probe starts at.
    @inline(__always)
    private static func home(_ term: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: term)) &* 0x9E37_79B9_7F4A_7C15) >> 51)
    }

    /// Reads ahead the slot a term's probe starts at.
    @inline(__always)
    func prefetch(_ term: Int) {
        clinicode_prefetch(slots + Self.home(Int32(truncatingIfNeeded: term)))
    }

    /// Whether `term` has a reading, made by `make` (and kept, nil too) when
    /// not kept yet; the reading is not copied.
    @inline(__always)
    func isReadable(_ term: Int, make: () -> Reading?) -> Bool {
        let key = Int32(truncatingIfNeeded: term)
        let (slot, isKept) = probe(key)
        if isKept { return slots[slot].isReadable }
        let made = make()
        keep(made, for: key, at: slot)
        return made != nil
    }

    /// Reads ahead the code list of a kept term's reading (its storage
    /// object's header, which a copy of the reading retains).
    @inline(__always)
    func prefetchCodes(of term: Int) {
        let (slot, isKept) = probe(Int32(truncatingIfNeeded: term))
        guard isKept, slots[slot].isReadable else { return }
        // The array's one word, its storage object's address, read in place:
        // copying the reading out would retain it, the very miss read ahead here.
        let object = UnsafeRawPointer(slots + slot).load(fromByteOffset: Self.codesOffset, as: UInt.self)
        clinicode_prefetch(UnsafeRawPointer(bitPattern: object))
    }

    /// Where a slot holds its reading's code list.
    private static let codesOffset = MemoryLayout<Slot>.offset(of: \Slot.reading)! + MemoryLayout<Reading>.offset(of: \Reading.codes)!

    /// The reading of `term`, made by `make` (and kept, nil too) when not kept yet.
    @inline(__always)
    func reading(of term: Int, make: () -> Reading?) -> Reading? {
        let key = Int32(truncatingIfNeeded: term)
        let (slot, isKept) = probe(key)
        if isKept { return slots[slot].isReadable ? slots[slot].reading : nil }
        let made = make()
        keep(made, for: key, at: slot)
        return made
    }

    /// `body` of the reading of `term` (nil when it has none), read in
    /// place when kept: a copy of the reading retained and released its
    /// text and code list, once per mention, besides the retains the
    /// mention made of it takes.
    @inline(__always)
    func withReading<R>(of term: Int, make: () -> Reading?, _ body: (UnsafePointer<Reading>) -> R) -> R? {
        let key = Int32(truncatingIfNeeded: term)
        let (slot, isKept) = probe(key)
        if isKept {
            guard slots[slot].isReadable else { return nil }
            return body(UnsafePointer((slots + slot).pointer(to: \.reading)!))
        }
        guard let made = make() else {
            keep(nil, for: key, at: slot)
            return nil
        }
        keep(made, for: key, at: slot)
        return withUnsafePointer(to: made) { body($0) }
    }

    /// The slot holding `key`, or the empty slot its probe ended at.
    @inline(__always)
    private func probe(_ key: Int32) -> (slot: Int, isKept: Bool) {
        var slot = Self.home(key)
        while true {
            let found = slots[slot].term
            if found == key { return (slot, true) }
            if found < 0 { return (slot, false) }
            slot = (slot + 1) & (Self.capacity - 1)
        }
    }

    /// Keeps `made` for `key` in the empty `slot` its probe ended at; a full
    /// table is emptied instead, and fills again from the next term kept.
    @inline(__always)
    private func keep(_ made: Reading?, for key: Int32, at slot: Int) {
        if count >= Self.limit {
            clear()
            return
        }
        slots[slot] = Slot(term: key, reading: made)
        count += 1
    }

    /// This thread's table (made on first use, freed when the thread ends).
    static var current: TermReadings { perThread.current { TermReadings() } }

    private static let perThread = PerThreadObject<TermReadings>("the term readings")
}

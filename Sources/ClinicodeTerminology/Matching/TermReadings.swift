#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ClinicodeCore

/// What a mention of a term carries that depends on the term alone (its
/// text, its codes and their ids, its source), kept per thread from note to
/// note so that mentions of the same term share one `String` and one array.
///
/// Every mention built its term's text (an allocation and a UTF-8 check
/// for most terms, which are longer than 15 bytes) and its code list (an
/// allocation, and a `CodeReference` made from the code table per code),
/// and freed both with the note; the background notes' 39,000 mentions name
/// a few thousand terms. A term whose codes take a 7th character (chosen by
/// the sentence's words) or that has alternatives is built each time.
final class TermReadings {
    /// A term's reading.
    struct Reading {
        var term: String
        var codes: [CodeReference]
        var ids: Mention.CodeIDs
        var source: MatchSource
    }

    /// Slots (a power of two): a term id, or -1, and where its reading is.
    static let capacity = 1 << 14
    /// The most readings kept before the table starts again.
    static let limit = capacity / 2

    private var slots: [(term: Int32, reading: Int32)]
    private(set) var readings: [Reading] = []
    /// The terminology the readings come from (emptied for another); held
    /// strongly, as `WordCache.owner` says why.
    private var owner: Terminology.Storage?

    init() {
        slots = Array(repeating: (-1, -1), count: Self.capacity)
    }

    /// Makes the table serve `storage`, emptied if it served another terminology.
    func prepare(for storage: Terminology.Storage) {
        if owner !== storage {
            owner = storage
            clear()
        }
    }

    private func clear() {
        for index in slots.indices { slots[index] = (-1, -1) }
        readings.removeAll(keepingCapacity: true)
    }

    /// The reading of `term`, made by `make` (and kept, unless nil) when not kept yet.
    @inline(__always)
    func reading(of term: Int, make: () -> Reading?) -> Reading? {
        let key = Int32(truncatingIfNeeded: term)
        var slot = Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 50)
        while true {
            let entry = slots[slot]
            if entry.term == key { return entry.reading < 0 ? nil : readings[Int(entry.reading)] }
            if entry.term < 0 { break }
            slot = (slot + 1) & (Self.capacity - 1)
        }
        let made = make()
        if readings.count >= Self.limit {
            clear()
            return made
        }
        var reading: Int32 = -1
        if let made {
            reading = Int32(readings.count)
            readings.append(made)
        }
        slots[slot] = (key, reading)
        return made
    }

    /// This thread's table (made on first use, freed when the thread ends).
    static var current: TermReadings {
        if let pointer = pthread_getspecific(threadKey) {
            return Unmanaged<TermReadings>.fromOpaque(pointer).takeUnretainedValue()
        }
        let table = TermReadings()
        pthread_setspecific(threadKey, Unmanaged.passRetained(table).toOpaque())
        return table
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<TermReadings>.fromOpaque(pointer).release()
        }
        precondition(status == 0, "no thread-specific key for the term readings")
        return key
    }()
}

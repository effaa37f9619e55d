import ClinicodeCore
import Foundation

/// Informativeness (IDF over ICD-10-CM titles and inclusion terms) of title
/// words, keyed by `WordHash`: "neoplasm" counts less than "urothelial".
/// Computed at build time from `Lexicons/icd10cm/` so ranking needs no strings.
struct WordWeights: Sendable {
    private var keys: [UInt64] = []
    private var weights: [Float] = []
    /// `keys` and `weights` in an open-addressing table (see `Table`), made
    /// on the first look-up: a ranker whose model has the catalog table
    /// (`CatalogTable`, the nodes' title words weighed at build time) never
    /// looks a word up, and building it at load wrote a 2 MB table (its page
    /// faults and cache misses) for nothing. Copies share it.
    private let table = LazyTable()

    /// Holds the table once made (a reference: copies of the weights share it).
    private final class LazyTable: Sendable {
        let slot = LazyReference<Table>()
    }

    /// The look-up table: a look-up is a multiply and a probe or two instead
    /// of a binary search's cache misses. Key and weight share a slot, so a
    /// probe touches one cache line (the table is larger than the cache).
    private final class Table: Sendable {
        let slots: [Slot]
        let shift: UInt64

        init(keys: [UInt64], weights: [Float]) {
            var size = 16, shift: UInt64 = 60
            while size < keys.count * 2 { size <<= 1; shift -= 1 }
            var slots = [Slot](repeating: Slot(), count: size)
            let mask = size - 1
            for (index, key) in keys.enumerated() {
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while slots[slot].occupied { slot = (slot + 1) & mask }
                slots[slot] = Slot(key: key, weight: weights[index], occupied: true)
            }
            (self.slots, self.shift) = (slots, shift)
        }

        /// The weight of `word`, nil when it is not a key.
        func weight(_ word: UInt64) -> Float? {
            slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while slots[slot].occupied {
                    if slots[slot].key == word { return slots[slot].weight }
                    slot = (slot + 1) & mask
                }
                return nil
            }
        }
    }

    private struct Slot: Sendable {
        var key: UInt64 = 0
        var weight: Float = 0
        var occupied = false
    }

    init() {}

    /// Counts the words of every title and inclusion term.
    init(lexiconsDirectory: String) throws {
        let folder = (lexiconsDirectory as NSString).appendingPathComponent("icd10cm")
        var frequency: [UInt64: Int] = [:]
        var documents = 0
        var scratch: [UInt64] = []
        func count(_ text: String) {
            WordHash.titleWords(text, into: &scratch)
            documents += 1
            for word in Set(scratch) { frequency[word, default: 0] += 1 }
        }
        let codes = try DataFile(path: (folder as NSString).appendingPathComponent("codes.tsv"))
        for row in codes.rows where row[1] == "category" || row[1] == "code" || row[1] == "extension" { count(row[4]) }
        let terms = try DataFile(path: (folder as NSString).appendingPathComponent("terms.tsv"))
        for row in terms.rows where row[1] == "inclusion" { count(row[2]) }
        let stopwordFile = try String(
            contentsOfFile: (lexiconsDirectory as NSString).appendingPathComponent("ranking/title-stopwords.txt"), encoding: .utf8)
        let stopwords = Set(stopwordFile.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { WordHash.hash($0, namespace: WordHash.word) })
        for key in Set(frequency.keys).union(stopwords).sorted() {
            keys.append(key)
            let weight = stopwords.contains(key) ? 0 : log(Double(documents + 1) / Double((frequency[key] ?? 0) + 1))
            weights.append(Float(weight))
        }
    }

    /// The weight of a word (the rarest weight for words never seen).
    func weight(_ word: UInt64) -> Double {
        guard !keys.isEmpty else { return 1 }
        let (keys, weights) = (keys, weights)
        return table.slot.read({ Table(keys: keys, weights: weights) }) { $0.weight(word) }.map(Double.init) ?? 8
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(keys.flatMap { [UInt32(truncatingIfNeeded: $0), UInt32(truncatingIfNeeded: $0 >> 32)] })
        writer.write(weights)
    }

    init(from reader: inout BinaryReader) throws {
        let halves = try reader.readUInt32Array()
        guard halves.count % 2 == 0 else { throw reader.corrupt("odd word-weight table") }
        // Joined and checked in order over the buffer in one pass (this runs at every load).
        var ascending = true
        keys = halves.withUnsafeBufferPointer { halves in
            [UInt64](unsafeUninitializedCapacity: halves.count / 2) { keys, count in
                var previous: UInt64 = 0
                for index in 0..<(halves.count / 2) {
                    let key = UInt64(halves[2 * index]) | UInt64(halves[2 * index + 1]) << 32
                    if index > 0, previous >= key { ascending = false }
                    keys[index] = key
                    previous = key
                }
                count = halves.count / 2
            }
        }
        weights = try reader.readFloatArray()
        guard weights.count == keys.count, ascending else {
            throw reader.corrupt("inconsistent word-weight table")
        }
    }
}

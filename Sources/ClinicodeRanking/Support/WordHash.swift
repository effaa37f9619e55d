import ClinicodeCore

/// 64-bit FNV-1a hashes of normalised words and terms: the model's keys
/// (`NoteWordHash`, the same function the matcher fills `Document.wordHashes` with).
///
/// Hashing keeps the model free of vocabularies to decode and the ranker free
/// of per-note string allocation; 64 bits make collisions negligible at
/// lexicon scale.
enum WordHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of a string's UTF-8 bytes, seeded by a namespace byte so words,
    /// terms and codes never share keys.
    static func hash(_ text: String, namespace: UInt8) -> UInt64 {
        // Over the contiguous bytes: iterating `utf8` checks the string's form per byte.
        var text = text
        return text.withUTF8 { NoteWordHash.hash($0, namespace: namespace) }
    }

    /// Namespace of plain note words.
    static let word: UInt8 = NoteWordHash.word
    /// Namespace of matched lexicon terms.
    static let term: UInt8 = 2
    /// Namespace of codes a mention points to.
    static let code: UInt8 = 3

    /// Hashes of the lower-cased alphanumeric words of an ASCII-ish title,
    /// without allocating per word (titles are already in the spelling the
    /// normaliser produces for notes).
    static func titleWords(_ title: String, into result: inout [UInt64]) {
        // Over the contiguous bytes: iterating `utf8` checks the string's form per byte.
        var title = title
        title.withUTF8 { titleWords(bytes: $0, into: &result) }
    }

    /// `titleWords` over a title's UTF-8 bytes.
    @inline(__always)
    static func titleWords<Bytes: Sequence<UInt8>>(bytes: Bytes, into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        appendTitleWords(bytes: bytes, to: &result)
    }

    /// The title words of several texts, in order: the words of the texts
    /// joined by spaces, with no joined string made.
    static func titleWords(of texts: [String], into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        for var text in texts { text.withUTF8 { appendTitleWords(bytes: $0, to: &result) } }
    }

    /// `titleWords(bytes:into:)` appending to what `result` holds.
    @inline(__always)
    static func appendTitleWords<Bytes: Sequence<UInt8>>(bytes: Bytes, to result: inout [UInt64]) {
        var value = (offset ^ UInt64(word)) &* prime
        var length = 0
        for byte in bytes {
            var lowered = byte
            if byte >= 65 && byte <= 90 { lowered = byte + 32 }
            let isWordByte = (lowered >= 97 && lowered <= 122) || (lowered >= 48 && lowered <= 57) || byte >= 128
            if isWordByte {
                value = (value ^ UInt64(lowered)) &* prime
                length += 1
            } else if length > 0 {
                result.append(value)
                value = (offset ^ UInt64(word)) &* prime
                length = 0
            }
        }
        if length > 0 { result.append(value) }
    }
}

/// A sorted table from 64-bit keys to rows of (value, weight) pairs, searched
/// by binary search: compact to store and to decode.
struct HashedRows: Sendable {
    private(set) var keys: [UInt64] = []
    private(set) var offsets: [UInt32] = [0]
    private(set) var values: [UInt32] = []
    private(set) var weights: [Float] = []

    init() {}

    /// Builds the table from unsorted rows.
    init(rows: [UInt64: [(UInt32, Float)]]) {
        for key in rows.keys.sorted() {
            keys.append(key)
            for (value, weight) in rows[key]! {
                values.append(value)
                weights.append(weight)
            }
            offsets.append(UInt32(values.count))
        }
    }

    /// The row index of a key.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) >> 1
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key ? low : nil
    }

    /// The range of `values`/`weights` holding row `index`.
    @inline(__always)
    func range(_ index: Int) -> Range<Int> { Int(offsets[index])..<Int(offsets[index + 1]) }

    var count: Int { keys.count }

    func encode(to writer: inout BinaryWriter) {
        writer.write(keys.flatMap { [UInt32(truncatingIfNeeded: $0), UInt32(truncatingIfNeeded: $0 >> 32)] })
        writer.write(offsets)
        writer.write(values)
        writer.write(weights)
    }

    init(from reader: inout BinaryReader) throws {
        let halves = try reader.readUInt32Array()
        guard halves.count % 2 == 0 else { throw reader.corrupt("odd key table") }
        keys = stride(from: 0, to: halves.count, by: 2).map { UInt64(halves[$0]) | UInt64(halves[$0 + 1]) << 32 }
        offsets = try reader.readUInt32Array()
        values = try reader.readUInt32Array()
        weights = try reader.readFloatArray()
        guard offsets.count == keys.count + 1, values.count == weights.count,
            offsets.last.map({ Int($0) == values.count }) ?? false,
            zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
            zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 })
        else { throw reader.corrupt("inconsistent hashed table") }
    }
}

import ClinicodeCore

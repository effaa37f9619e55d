import ClinicodeCore

/// The matching vocabulary: every word form seen in the lexicon (and its
/// stem) mapped to a word id, through an open-addressing table so a lookup
/// is one hash and (usually) one cache line.
struct Vocabulary: Sendable {
    /// Word forms (written and stemmed) that resolve to an id.
    private(set) var forms = StringTable()
    private(set) var formIDs: [UInt32] = []
    /// Form -> word id, built when the vocabulary is made or loaded (not stored).
    private var slots: WordSlots
    /// Per word id: its key (the stemmed canonical form).
    private(set) var keys = StringTable()
    /// Per word id: inverse document frequency over the index's terms.
    private(set) var idf: [Float] = []
    /// Per word id: 1 when the key is a number (`2` in "type 2", `3` in "stage 3").
    private(set) var numeric: [UInt32] = []
    /// `numeric` as one bit per word id, derived when made or loaded: the
    /// matcher asks it for every term it finds, and the 4-byte-per-word
    /// array missed the cache there where 2.5 kB of bits stay in it.
    private(set) var numericBits: [UInt64] = []

    var count: Int { keys.count }

    init(keys: [String], forms: [(String, UInt32)], documentFrequency: [Int], termCount: Int) {
        for key in keys {
            self.keys.append(key)
            numeric.append(!key.isEmpty && key.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? 1 : 0)
        }
        numericBits = Self.bits(of: numeric)
        for (form, id) in forms {
            self.forms.append(form)
            formIDs.append(id)
        }
        let formIDs = self.formIDs
        guard let slots = WordSlots(indexing: self.forms, values: { formIDs[$0] }) else {
            preconditionFailure("vocabulary of \(forms.count) forms exceeds the word table's limit")
        }
        self.slots = slots
        let total = Double(max(termCount, 1))
        idf = documentFrequency.map { Float(log((total + 1) / (Double($0) + 0.5))) }
    }

    /// One bit per entry of `flags`, set where the entry is not 0.
    private static func bits(of flags: [UInt32]) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (flags.count + 63) / 64)
        for (index, flag) in flags.enumerated() where flag != 0 { bits[index >> 6] |= 1 << UInt64(index & 63) }
        return bits
    }

    /// The id of a normalised word: its written form, else its stem.
    @inline(__always)
    func id(of word: UnsafeBufferPointer<UInt8>) -> UInt32? {
        id(of: WordKey(word))
    }

    /// Prefetches the table slots look-ups of words with these hashes start at (see `WordSlots.prefetch`).
    func prefetch(_ hashes: some Collection<UInt64>) { slots.prefetch(hashes) }

    /// The id of a normalised word already hashed.
    @inline(__always)
    func id(of key: WordKey) -> UInt32? {
        if let id = slots.value(of: key) { return id }
        let word = key.bytes
        let (keep, append) = Stemmer.stem(word)
        if keep == word.count, append == 0 { return nil }
        if append == 0 {
            return slots.value(of: WordKey(UnsafeBufferPointer(rebasing: word[0..<keep])))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: keep + 1) { buffer in
            for offset in 0..<keep { buffer[offset] = word[offset] }
            buffer[keep] = append
            return slots.value(of: WordKey(UnsafeBufferPointer(buffer)))
        }
    }

    /// The id of a normalised word.
    func id(of word: String) -> UInt32? {
        var word = word
        return word.withUTF8 { id(of: $0) }
    }

    func encode(to writer: inout BinaryWriter) {
        forms.encode(to: &writer)
        writer.write(formIDs)
        keys.encode(to: &writer)
        writer.write(idf)
        writer.write(numeric)
    }

    init(from reader: inout BinaryReader) throws {
        forms = try StringTable(from: &reader)
        formIDs = try reader.readUInt32Array()
        keys = try StringTable(from: &reader)
        idf = try reader.readFloatArray()
        numeric = try reader.readUInt32Array()
        guard formIDs.count == forms.count, idf.count == keys.count, numeric.count == keys.count else {
            throw reader.corrupt("vocabulary arrays disagree in length")
        }
        numericBits = Self.bits(of: numeric)
        for id in formIDs where Int(id) >= keys.count { throw reader.corrupt("word id out of range") }
        let formIDs = self.formIDs
        guard let slots = WordSlots(indexing: forms, values: { formIDs[$0] }) else {
            throw reader.corrupt("vocabulary of \(forms.count) forms is too large")
        }
        self.slots = slots
    }
}

import Foundation

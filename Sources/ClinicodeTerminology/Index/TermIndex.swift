import ClinicodeCore

/// The lexicon terms as word-id sets, with the posting lists the matcher and
/// the retriever walk. Every term is anchored on its rarest word, so the
/// matcher only looks at terms whose rarest word occurs in a sentence.
struct TermIndex: Sendable {
    /// Per term: its required word ids, rarest first (the first is the anchor).
    private(set) var words = CompressedRows()
    /// Per term: `codeIndex << 3 | MatchSource.rawValue`, best first.
    private(set) var codes = CompressedRows()
    /// Per term: its normalised text.
    private(set) var texts = StringTable()
    /// Per term: the summed IDF of its words.
    private(set) var weights: [Float] = []
    /// Per word id: the terms anchored on it.
    private(set) var anchors = CompressedRows()
    /// Per word id: every term containing it.
    private(set) var postings = CompressedRows()
    /// Parallel to `anchors.values`: the anchored term and its second word
    /// (`noWord` for a one-word term), interleaved, so the matcher's first
    /// test of a term reads memory in order instead of two random rows.
    /// Derived when the index is made or loaded, not stored.
    private(set) var anchorEntries: [UInt32] = []

    /// `anchorEntries`' second word of a one-word term.
    static let noWord = UInt32.max

    var count: Int { weights.count }

    init(words: CompressedRows, codes: CompressedRows, texts: StringTable, weights: [Float],
         anchors: CompressedRows, postings: CompressedRows) {
        self.words = words
        self.codes = codes
        self.texts = texts
        self.weights = weights
        self.anchors = anchors
        self.postings = postings
        anchorEntries = Self.anchorEntries(anchors: anchors, words: words)
    }

    private static func anchorEntries(anchors: CompressedRows, words: CompressedRows) -> [UInt32] {
        var entries: [UInt32] = []
        entries.reserveCapacity(anchors.values.count * 2)
        for term in anchors.values {
            let row = words.range(Int(term))
            entries.append(term)
            entries.append(row.count > 1 ? words.values[row.lowerBound + 1] : noWord)
        }
        return entries
    }

    /// Reads the start of the anchor list of each word in `ids` (the row
    /// bounds first, then each list's first entry, each loop's loads
    /// independent of one another) and returns what it read, so the matcher
    /// later finds them in cache.
    func warmAnchors(of ids: [UInt32]) -> UInt64 {
        var sum: UInt64 = 0
        anchors.starts.withUnsafeBufferPointer { starts in
            for id in ids { sum &+= UInt64(starts[Int(id)]) }
        }
        anchors.starts.withUnsafeBufferPointer { starts in
            anchorEntries.withUnsafeBufferPointer { entries in
                for id in ids {
                    let start = Int(starts[Int(id)])
                    if start < Int(starts[Int(id) + 1]) { sum &+= UInt64(entries[start * 2 + 1]) }
                }
            }
        }
        return sum
    }

    @inline(__always) static func code(_ packed: UInt32) -> Int { Int(packed >> 3) }
    @inline(__always) static func source(_ packed: UInt32) -> MatchSource { MatchSource(rawValue: UInt8(packed & 7)) ?? .title }

    func encode(to writer: inout BinaryWriter) {
        words.encode(to: &writer)
        codes.encode(to: &writer)
        texts.encode(to: &writer)
        writer.write(weights)
        anchors.encode(to: &writer)
        postings.encode(to: &writer)
    }

    init(from reader: inout BinaryReader, wordCount: Int, codeCount: Int) throws {
        words = try CompressedRows(from: &reader, valueLimit: wordCount)
        codes = try CompressedRows(from: &reader, valueLimit: nil)
        texts = try StringTable(from: &reader)
        weights = try reader.readFloatArray()
        let termCount = weights.count
        anchors = try CompressedRows(from: &reader, valueLimit: termCount)
        postings = try CompressedRows(from: &reader, valueLimit: termCount)
        guard words.count == termCount, codes.count == termCount, texts.count == termCount,
              anchors.count == wordCount, postings.count == wordCount
        else { throw reader.corrupt("term index arrays disagree in length") }
        for packed in codes.values where Self.code(packed) >= codeCount { throw reader.corrupt("term code out of range") }
        for term in 0..<termCount where words.range(term).isEmpty { throw reader.corrupt("term \(term) has no words") }
        anchorEntries = Self.anchorEntries(anchors: anchors, words: words)
    }
}

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
    /// Per word id: where the groups of the terms anchored on it start in
    /// `anchorGroups`, in groups (the last entry is the end).
    private(set) var anchorGroupStarts: [UInt32] = []
    /// Per group, two values: the second word its terms share
    /// (`noSecondWord` for one-word terms) and where its records start in
    /// `anchorRecords`; then one more pair whose start ends the last group
    /// (a group's records end where the next group's start). Most terms
    /// fail on their second word, and a group fails on it once ("... of
    /// left femur", "... of right femur" share it). The headers sit apart
    /// from the records so that a word's groups are scanned front to back
    /// through memory: threaded through the records, each header's load
    /// waited on the one before (perf put half the search's time there).
    /// (Tried and dropped: the second words and the record starts in two
    /// arrays, so a scan reads half the bytes: 1.5-3% slower, a passing
    /// group then missed twice; per word a 64-byte-aligned 32-byte head with
    /// its group bounds and first six second words, one miss instead of two
    /// per anchor: no gain measured. Stop 24: 4-byte headers, a 16-bit
    /// second word and a 16-bit record offset from the word's first record,
    /// ab.sh 1.024 and 0.996; with that, a 2-byte per-word summary (no
    /// group, or the second word of its only group) letting half the anchors
    /// skip the bounds and headers, 0.990 and 1.014; the three anchor tables
    /// in one block on a huge page, 1.005 and 1.004. The scan reads 2.6
    /// million headers over the background notes and passes 4% of them.)
    private(set) var anchorGroups: [UInt32] = []
    /// Per anchored term, in `anchors` order: the term, its word count, then
    /// its words after the anchor (row order). The matcher walks a group's
    /// records front to back, so testing a term reads memory in order
    /// instead of the term's row starts and words at two random places.
    /// Derived (with the groups) when the index is made or loaded, not stored.
    private(set) var anchorRecords: [UInt32] = []

    var count: Int { weights.count }

    init(words: CompressedRows, codes: CompressedRows, texts: StringTable, weights: [Float],
         anchors: CompressedRows, postings: CompressedRows) {
        self.words = words
        self.codes = codes
        self.texts = texts
        self.weights = weights
        self.anchors = anchors
        self.postings = postings
        (anchorGroupStarts, anchorGroups, anchorRecords) = Self.anchorRecords(anchors: anchors, words: words)
    }

    private static func anchorRecords(
        anchors: CompressedRows, words: CompressedRows
    ) -> (groupStarts: [UInt32], groups: [UInt32], records: [UInt32]) {
        // Rows read and results written through buffer pointers, sized in a
        // first pass: this runs at every start over every anchored term, and
        // appending each row's words to a growing array (a capacity check
        // and a `memmove` call for two or three words) was 10% of a cold start.
        anchors.starts.withUnsafeBufferPointer { anchorStarts in
        anchors.values.withUnsafeBufferPointer { anchorTerms in
        words.starts.withUnsafeBufferPointer { rowStarts in
        words.values.withUnsafeBufferPointer { rowWords in
            // The second word of the term in `slot` (`noSecondWord` if it has one word).
            func second(_ slot: Int) -> UInt32 {
                let term = Int(anchorTerms[slot])
                return rowStarts[term + 1] - rowStarts[term] > 1 ? rowWords[Int(rowStarts[term]) + 1] : Self.noSecondWord
            }
            // Per term: its id, its word count, its words after the first.
            var recordCount = 0
            for term in anchorTerms { recordCount += 1 + Int(rowStarts[Int(term) + 1] - rowStarts[Int(term)]) }
            var groupTotal = 0
            for word in 0..<anchors.count {
                var groupSecond: UInt32?
                for slot in Int(anchorStarts[word])..<Int(anchorStarts[word + 1]) where second(slot) != groupSecond {
                    groupSecond = second(slot)
                    groupTotal += 1
                }
            }
            // Left uninitialised, not zero-filled: every slot is written
            // below (the precondition checks the counts), and zeroing the
            // records first was a wasted pass over a few MB at every start.
            var groupStarts: [UInt32] = []
            var groups: [UInt32] = []
            var records: [UInt32] = []
            var groupCount = 0
            groupStarts = [UInt32](unsafeUninitializedCapacity: anchors.count + 1) { groupStarts, startsCount in
            groups = [UInt32](unsafeUninitializedCapacity: 2 * groupTotal + 2) { groups, groupsCount in
            records = [UInt32](unsafeUninitializedCapacity: recordCount) { records, recordsCount in
                var record = 0
                for word in 0..<anchors.count {
                    groupStarts[word] = UInt32(groupCount)
                    var groupSecond: UInt32?
                    for slot in Int(anchorStarts[word])..<Int(anchorStarts[word + 1]) {
                        let term = anchorTerms[slot]
                        let rowStart = Int(rowStarts[Int(term)]), rowEnd = Int(rowStarts[Int(term) + 1])
                        let second = second(slot)
                        if second != groupSecond {
                            groupSecond = second
                            groups[2 * groupCount] = second
                            groups[2 * groupCount + 1] = UInt32(record)
                            groupCount += 1
                        }
                        records[record] = term
                        records[record + 1] = UInt32(rowEnd - rowStart)
                        record += 2
                        var index = rowStart + 1
                        while index < rowEnd {
                            records[record] = rowWords[index]
                            record += 1
                            index += 1
                        }
                    }
                }
                precondition(record == recordCount && groupCount == groupTotal, "anchor records miscounted")
                groupStarts[anchors.count] = UInt32(groupCount)
                groups[2 * groupCount] = Self.noSecondWord
                groups[2 * groupCount + 1] = UInt32(recordCount)
                recordsCount = recordCount
            }
                groupsCount = 2 * groupTotal + 2
            }
                startsCount = anchors.count + 1
            }
            return (groupStarts, groups, records)
        }
        }
        }
        }
    }

    /// The second word of a group of one-word terms in `anchorRecords`.
    static var noSecondWord: UInt32 { UInt32.max }

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
        (anchorGroupStarts, anchorGroups, anchorRecords) = Self.anchorRecords(anchors: anchors, words: words)
    }
}

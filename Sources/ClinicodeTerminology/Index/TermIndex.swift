import CPrefetch
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
        // Rows read and results written through buffer pointers in one pass:
        // this runs at every start over every anchored term, reading each
        // term's row start and words at random, and a first pass that sized
        // the results read them all a second time (half of its cost).
        anchors.starts.withUnsafeBufferPointer { anchorStarts in
        anchors.values.withUnsafeBufferPointer { anchorTerms in
        words.starts.withUnsafeBufferPointer { rowStarts in
        words.values.withUnsafeBufferPointer { rowWords in
            // A record per anchored term: its id and word count, then its
            // words after the first. When every term is anchored once (as the
            // builder anchors them) that is one value per term and per word;
            // else the rows are counted first.
            if let made = fillAnchorRecords(anchorStarts, anchorTerms, rowStarts, rowWords,
                                            recordCapacity: anchorTerms.count + rowWords.count) {
                return made
            }
            var recordCount = 0
            for term in anchorTerms { recordCount += 1 + Int(rowStarts[Int(term) + 1] - rowStarts[Int(term)]) }
            guard let made = fillAnchorRecords(anchorStarts, anchorTerms, rowStarts, rowWords, recordCapacity: recordCount) else {
                preconditionFailure("anchor records miscounted")
            }
            return made
        }
        }
        }
        }
    }

    /// `anchorRecords` into arrays of at most `recordCapacity` records (nil
    /// when they need more). Left uninitialised, not zero-filled: every value
    /// up to the counts is written, and zeroing a few MB first was a wasted
    /// pass at every start. A group per anchored term at most, so `groups`
    /// has room for them all; the part left unused is never touched.
    private static func fillAnchorRecords(
        _ anchorStarts: UnsafeBufferPointer<UInt32>, _ anchorTerms: UnsafeBufferPointer<UInt32>,
        _ rowStarts: UnsafeBufferPointer<UInt32>, _ rowWords: UnsafeBufferPointer<UInt32>, recordCapacity: Int
    ) -> (groupStarts: [UInt32], groups: [UInt32], records: [UInt32])? {
        let wordCount = anchorStarts.count - 1
        var fits = true
        var groupCount = 0
        var groups: [UInt32] = []
        var records: [UInt32] = []
        // Wrapping arithmetic and truncating conversions: every value is a
        // 32-bit table position, and the checked forms (a branch each) were
        // half of this loop's instructions.
        let groupStarts = [UInt32](unsafeUninitializedCapacity: wordCount + 1) { groupStarts, startsCount in
        groups = [UInt32](unsafeUninitializedCapacity: 2 * anchorTerms.count + 2) { groups, groupsCount in
        records = [UInt32](unsafeUninitializedCapacity: recordCapacity) { records, recordsCount in
            guard let out = records.baseAddress, let groupsOut = groups.baseAddress,
                  let startsBase = rowStarts.baseAddress, let wordsBase = rowWords.baseAddress else { return }
            let slotCount = anchorTerms.count
            var record = 0
            for word in 0..<wordCount {
                groupStarts[word] = UInt32(truncatingIfNeeded: groupCount)
                var groupSecond = UInt32.max
                var first = true
                for slot in Int(anchorStarts[word])..<Int(anchorStarts[word + 1]) {
                    // The terms' rows are read at random: their row starts are
                    // asked for 16 terms ahead, their words 8 ahead, so the
                    // cache misses overlap instead of each waiting in turn.
                    if slot &+ 16 < slotCount { clinicode_prefetch(startsBase + Int(anchorTerms[slot &+ 16])) }
                    if slot &+ 8 < slotCount { clinicode_prefetch(wordsBase + Int(rowStarts[Int(anchorTerms[slot &+ 8])])) }
                    let term = anchorTerms[slot]
                    let rowStart = Int(rowStarts[Int(term)]), rowEnd = Int(rowStarts[Int(term) &+ 1])
                    let length = rowEnd &- rowStart
                    guard record &+ 1 &+ max(length, 1) <= recordCapacity else { fits = false; return }
                    let second = length > 1 ? rowWords[rowStart &+ 1] : Self.noSecondWord
                    if first || second != groupSecond {
                        first = false
                        groupSecond = second
                        groupsOut[2 &* groupCount] = second
                        groupsOut[2 &* groupCount &+ 1] = UInt32(truncatingIfNeeded: record)
                        groupCount &+= 1
                    }
                    out[record] = term
                    out[record &+ 1] = UInt32(truncatingIfNeeded: length)
                    var to = out + (record &+ 2)
                    var index = rowStart &+ 1
                    while index < rowEnd {
                        to.pointee = rowWords[index]
                        to += 1
                        index &+= 1
                    }
                    record &+= 1 &+ max(length, 1)
                }
            }
            groupStarts[wordCount] = UInt32(truncatingIfNeeded: groupCount)
            groupsOut[2 &* groupCount] = Self.noSecondWord
            groupsOut[2 &* groupCount &+ 1] = UInt32(truncatingIfNeeded: record)
            recordsCount = record
        }
            groupsCount = fits ? 2 * groupCount + 2 : 0
        }
            startsCount = fits ? wordCount + 1 : 0
        }
        return fits ? (groupStarts, groups, records) : nil
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
        // Checked through buffers, without an early exit (so the loops
        // vectorise): the tables may be views of the mapped model.
        if !codes.values.isEmpty, Self.code(codes.values.largest) >= codeCount { throw reader.corrupt("term code out of range") }
        guard words.starts.isIncreasing else {
            let term = (0..<termCount).first { words.range($0).isEmpty } ?? 0
            throw reader.corrupt("term \(term) has no words")
        }
        (anchorGroupStarts, anchorGroups, anchorRecords) = Self.anchorRecords(anchors: anchors, words: words)
    }
}

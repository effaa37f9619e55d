import ClinicodeCore

/// The word ids found in one stretch of a note (a sentence, a phrase):
/// each token's own id (and its hyphen/slash parts), plus the ids of the
/// expansion of any abbreviation resolved there, in token order, or sorted
/// by id (`isSorted`) when there are many, so the matcher can find a
/// word's occurrences by binary search.
struct SentenceWords {
    struct Occurrence {
        var id: UInt32
        /// First token the occurrence covers.
        var token: Int32
        /// Last token it covers (later than `token` for "a fib"-like abbreviations).
        var last: Int32
        /// Whether it came from an abbreviation's expansion.
        var abbreviation: Bool
    }

    /// The occurrences, in `buffer[..<count]` (see `withOccurrences`). The
    /// buffer is kept as long as the most any stretch needed and written
    /// through a pointer, its length never reset: each append checked the
    /// buffer's uniqueness and room, and emptying it per sentence took the
    /// generic `replaceSubrange` path.
    private var buffer: [Occurrence] = []
    /// How many occurrences there are.
    private(set) var count = 0

    /// Calls `body` with the occurrences.
    @inline(__always)
    func withOccurrences<R>(_ body: (UnsafeBufferPointer<Occurrence>) -> R) -> R {
        let count = self.count
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// Whether the occurrences are sorted by id (then token), else in token
    /// order (the order they were found in).
    private(set) var isSorted = false

    /// Stretches with more occurrences than this sort them by id. Most
    /// sentences have a dozen: the matcher finds a word's few occurrences
    /// there by reading them all, cheaper than the sort (an insertion sort,
    /// 1% of a run) and the binary searches it served.
    static let unsortedLimit = 48

    /// Per abbreviation resolved here: its first token and how many distinct
    /// words its expansion gave.
    private(set) var expansions: [(token: Int32, words: Int)] = []

    /// Scratch for `collect`: the abbreviation entries matched at a token.
    private var matchedEntries: [Int] = []

    /// Whether a word of the stretch `Terminology.isWithout` (most have
    /// none, and the matcher then skips the clause check per candidate).
    private(set) var hasWithout = false

    /// No words yet: fill with `collect`, reusing the buffers sentence after sentence.
    init() {}

    /// Collects the words of `tokens` in `document`.
    ///
    /// (`borrowing`: an initializer otherwise takes its arguments owned, so
    /// every call copied the document, a retain and release per field.)
    init(_ document: borrowing Document, tokens range: Range<Int>, section: SectionKind, terminology: borrowing Terminology) {
        let noteWords = NoteWords(document, tokens: range, terminology: terminology)
        collect(document, tokens: range, section: section, terminology: terminology, noteWords: noteWords)
    }

    /// Replaces the words with those of `tokens` in `document`, whose words
    /// `noteWords` (covering at least `tokens`) has already looked up.
    mutating func collect(_ document: borrowing Document, tokens range: Range<Int>, section: SectionKind,
                          terminology: borrowing Terminology, noteWords: borrowing NoteWords) {
        if !expansions.isEmpty { expansions.removeAll(keepingCapacity: true) }
        hasWithout = false
        let storage = terminology.storage
        var leads: [UInt8]?
        // The buffers moved out into locals while they are filled, and each
        // token's words read once through raw buffers: per token this read
        // them three times, each checked against the array's bounds.
        var buffer: [Occurrence] = []
        var count = 0
        var expansions: [(token: Int32, words: Int)] = []
        var hasWithout = false
        var entries: [Int] = []
        swap(&buffer, &self.buffer)
        swap(&expansions, &self.expansions)
        swap(&entries, &self.matchedEntries)
        defer {
            swap(&buffer, &self.buffer)
            swap(&expansions, &self.expansions)
            swap(&entries, &self.matchedEntries)
            self.hasWithout = hasWithout
            self.count = count
        }
        // Room for most stretches (grown geometrically: reserving exactly
        // each longer sentence's size reallocated for most sentences of a note).
        let room = max(range.count + 4, 64)
        if buffer.count < room { Self.grow(&buffer, by: max(room, buffer.count) - buffer.count) }
        var position = range.lowerBound
        // Whether the token at `position` is done but for its abbreviation
        // (it came back to grow the buffer for the abbreviation's words).
        var atAbbreviation = false
        // Through a buffer pointer: reading `document.tokens[position]` copied
        // the token out of the borrowed array, a retain and release per read.
        noteWords.withTokenWords { tokenWords, ids, base in
        document.tokens.withUnsafeBufferPointer { tokens in
            while position < range.upperBound {
                // Fills the buffer up to the first token it has no room for,
                // and says how much more that token needs (0: all done).
                let needed = buffer.withUnsafeMutableBufferPointer { out -> Int in
                    while position < range.upperBound {
                        let kind = tokens[position].kind
                        guard kind == .word || kind == .number else {
                            position &+= 1
                            continue
                        }
                        // (Unchecked arithmetic: positions and counts are far from overflowing.)
                        let here = Int32(truncatingIfNeeded: position)
                        let words = tokenWords[position &- base]
                        if !atAbbreviation {
                            // Its ids and a sign's word at most.
                            if count &+ Int(words.idCount) &+ 1 > out.count { return Int(words.idCount) + 1 }
                            if words.isWithout { hasWithout = true }
                            if words.idCount == 1 {
                                out[count] = Occurrence(id: words.idField, token: here, last: here, abbreviation: false)
                                count &+= 1
                            } else if words.idCount > 1 {
                                let start = Int(words.idField)
                                for index in start..<(start + Int(words.idCount)) {
                                    out[count] = Occurrence(id: ids[index], token: here, last: here, abbreviation: false)
                                    count &+= 1
                                }
                            }
                            // A sign against the word reads as "positive"/"negative" (as in the term index).
                            if position &+ 1 < range.upperBound, tokens[position &+ 1].kind == .symbol,
                                let sign = SignWord(after: position, in: tokens),
                                let id = sign == .positive ? noteWords.positiveID : noteWords.negativeID
                            {
                                out[count] = Occurrence(id: id, token: here, last: here, abbreviation: false)
                                count &+= 1
                            }
                        }
                        atAbbreviation = false
                        if words.abbreviationSlot >= 0 {
                            let abbreviationSlot = Int(words.abbreviationSlot)
                            let abbreviations = storage.abbreviations
                            if let longest = abbreviations.longestMatches(
                                firstWordSlot: abbreviationSlot, at: position, in: document, end: range.upperBound, into: &entries)
                            {
                                if leads == nil, entries.count > 1 || abbreviations.senseCount(of: entries[0]) > 1 {
                                    leads = AbbreviationTable.leads(of: range, in: document)
                                }
                                if let sense = abbreviations.sense(of: entries, at: position, sentence: range, in: document, section: section, leads: leads) {
                                    if count + sense.wordIDs.count > out.count {
                                        // Worked out again once there is room (rare).
                                        atAbbreviation = true
                                        return sense.wordIDs.count
                                    }
                                    let last = Int32(position + longest - 1)
                                    for id in sense.wordIDs {
                                        out[count] = Occurrence(id: id, token: here, last: last, abbreviation: true)
                                        count += 1
                                    }
                                    expansions.append((here, Self.distinctCount(sense.wordIDs)))
                                }
                            }
                        }
                        position &+= 1
                    }
                    return 0
                }
                if needed > 0 { Self.grow(&buffer, by: max(needed, buffer.count)) }
            }
        }
        }
        // Appended in token order, so a stable sort by id alone orders by
        // (id, token), keeping the append order of equal pairs.
        isSorted = count > Self.unsortedLimit
        if isSorted {
            buffer.withUnsafeMutableBufferPointer { buffer in
                var sorting = UnsafeMutableBufferPointer(rebasing: buffer[..<count])
                sorting.sort { $0.id < $1.id }
            }
        }
    }

    /// Lengthens the occurrence buffer by `extra` entries (their contents unused).
    private static func grow(_ buffer: inout [Occurrence], by extra: Int) {
        buffer.append(contentsOf: repeatElement(Occurrence(id: 0, token: 0, last: 0, abbreviation: false), count: extra))
    }

    /// Whether a term's chosen occurrences take every abbreviation they draw
    /// on whole once they also use words from outside it: an abbreviation is
    /// one unit, so "COPD, hypertension" is not "pulmonary hypertension"
    /// (one word of COPD's expansion plus the next item), while "DM type 2"
    /// (all of DM's words) is type 2 diabetes mellitus.
    func takesExpansionsWhole(_ chosen: UnsafeBufferPointer<Occurrence>) -> Bool {
        for occurrence in chosen where occurrence.abbreviation {
            let unit = occurrence.token...occurrence.last
            guard chosen.contains(where: { !unit.contains($0.token) }) else { continue }
            var used: [UInt32] = []
            for other in chosen where other.abbreviation && other.token == occurrence.token && !used.contains(other.id) {
                used.append(other.id)
            }
            let size = expansions.first { $0.token == occurrence.token }?.words ?? 0
            if used.count < size { return false }
        }
        return true
    }

    /// How many distinct ids a short list holds (an expansion's few words:
    /// a `Set` of them cost an allocation per abbreviation resolved).
    static func distinctCount(_ ids: [UInt32]) -> Int {
        var count = 0
        for index in ids.indices where !ids[..<index].contains(ids[index]) { count += 1 }
        return count
    }

    /// Runs `body` over a string's UTF-8 bytes without copying a native string.
    @inline(__always)
    static func withBytes<R>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// The positions of a word id in id-sorted occurrences.
    @inline(__always)
    static func range(of id: UInt32, in occurrences: UnsafeBufferPointer<Occurrence>) -> Range<Int> {
        var low = 0
        var high = occurrences.count
        while low < high {
            let middle = (low + high) / 2
            if occurrences[middle].id < id { low = middle + 1 } else { high = middle }
        }
        // The end by binary search too: a word repeated thousands of times in
        // one sentence must not make every look-up walk all its occurrences.
        var end = occurrences.count
        var start = low
        while start < end {
            let middle = (start + end) / 2
            if occurrences[middle].id <= id { start = middle + 1 } else { end = middle }
        }
        return low..<end
    }

    /// The occurrence of a word id nearest `token` (the earlier one of two
    /// as near), in occurrences in token order; nil when the word does not occur.
    @inline(__always)
    static func nearest(_ id: UInt32, to token: Int32, in occurrences: UnsafeBufferPointer<Occurrence>) -> Occurrence? {
        var before: Occurrence? = nil
        for occurrence in occurrences where occurrence.id == id {
            guard occurrence.token >= token else {
                before = occurrence
                continue
            }
            guard let before, token - before.token <= occurrence.token - token else { return occurrence }
            return before
        }
        return before
    }

    /// Whether the word id occurs.
    func contains(_ id: UInt32) -> Bool {
        withOccurrences { occurrences in
            isSorted ? !Self.range(of: id, in: occurrences).isEmpty : occurrences.contains { $0.id == id }
        }
    }

    /// The distinct word ids, ascending.
    var distinctIDs: [UInt32] {
        var result: [UInt32] = []
        let ids = withOccurrences { isSorted ? $0.map(\.id) : $0.map(\.id).sorted() }
        for id in ids where result.last != id { result.append(id) }
        return result
    }
}

import ClinicodeCore
import ClinicodeText
import Foundation

/// Clinical abbreviations (`Lexicons/terminology/abbreviations.tsv`): their
/// surface, case rule, expansions and the cues that pick one expansion of an
/// ambiguous abbreviation. Small (hundreds of rows), so it is decoded into
/// ordinary arrays and one dictionary.
struct AbbreviationTable: Sendable {
    /// One expansion of an abbreviation.
    struct Sense: Sendable, Hashable {
        var expansion: String
        var wordIDs: [UInt32]
        /// Word-prefix sequences (`["chest", "pain"]`) that select this sense.
        var cues: [[String]]
        /// Section kinds that select this sense.
        var sections: [String]
    }

    /// One abbreviation with its senses.
    struct Entry: Sendable, Hashable {
        /// Normalised words of the abbreviation.
        var words: [String]
        /// The words as written, for case-exact matching.
        var surfaces: [String]
        var caseExact: Bool
        var senses: [Sense]
    }

    private(set) var entries: [Entry] = []
    /// Distinct first words -> their slot in `firstWordStarts`, so a
    /// note token is checked with one probe (sharing the vocabulary's hash).
    private let firstWordSlots: WordSlots
    /// One bit per hash bucket of a first word (see `filterBit`): a note word
    /// whose bit is clear starts no abbreviation. 512 bytes that stay cached,
    /// where probing the slots for every word missed the cache each time.
    private let firstWordFilter: [UInt64]
    /// Per distinct first word: the entries starting with it, at
    /// `firstWordEntries[firstWordStarts[slot]..<firstWordStarts[slot + 1]]`
    /// (one flat list: a list per word was retained and released per look-up).
    private let firstWordStarts: [Int]
    private let firstWordEntries: [Int]
    private let longestFirstWord: Int
    /// The senses' cues laid out for the cue search (see `CueTable`).
    let cueTable: CueTable

    init(entries: [Entry]) {
        self.entries = entries
        cueTable = CueTable(entries: entries)
        var words = StringTable()
        var indexOfWord: [String: Int] = [:]
        var lists: [[Int]] = []
        for (index, entry) in entries.enumerated() {
            if let existing = indexOfWord[entry.words[0]] {
                lists[existing].append(index)
            } else {
                indexOfWord[entry.words[0]] = lists.count
                words.append(entry.words[0])
                lists.append([index])
            }
        }
        // Nearly every note word is looked up here and nearly all miss:
        // a sparse table (a few hundred words) makes a miss one probe.
        guard let slots = WordSlots(indexing: words, load: 0.125, values: { UInt32($0) }) else {
            preconditionFailure("\(words.count) abbreviations exceed the word table's limit")
        }
        firstWordSlots = slots
        var filter = [UInt64](repeating: 0, count: Self.filterWords)
        for index in 0..<words.count {
            var word = words[index]
            let bit = word.withUTF8 { Self.filterBit(WordKey($0)) }
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        firstWordFilter = filter
        firstWordStarts = lists.reduce(into: [0]) { starts, list in starts.append(starts.last! + list.count) }
        firstWordEntries = Array(lists.joined())
        longestFirstWord = entries.map { $0.words[0].utf8.count }.max() ?? 0
    }

    /// Parses `abbreviations.tsv` (a missing file means no abbreviations).
    init(lexiconsDirectory: String, analyzer: TextAnalyzer, builder: inout TermIndexBuilder) throws {
        let path = ((lexiconsDirectory as NSString).appendingPathComponent(WordFolding.subdirectory) as NSString)
            .appendingPathComponent("abbreviations.tsv")
        guard FileManager.default.fileExists(atPath: path) else {
            self.init(entries: [])
            return
        }
        let file = try DataFile(path: path)
        var entries: [Entry] = []
        var indexOfKey: [String: Int] = [:]
        for row in file.rows {
            guard row.fields.count >= 3, !row[0].isEmpty, !row[1].isEmpty else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected abbreviation, expansion, case, cues")
            }
            guard row[2] == "exact" || row[2] == "any" else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "case must be 'exact' or 'any', not '\(row[2])'")
            }
            let scalars = Array(row[0].unicodeScalars)
            let tokens = analyzer.tokenize(row[0])
            guard !tokens.isEmpty else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "abbreviation has no words")
            }
            let surfaces = tokens.map { token in
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[token.span.start..<token.span.end])
                return String(view)
            }
            var cues: [[String]] = []
            var sections: [String] = []
            for cue in row[3].split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) where !cue.isEmpty {
                if cue.hasPrefix("section:") {
                    sections.append(String(cue.dropFirst("section:".count)))
                } else {
                    let words = analyzer.tokenize(cue).map(\.normalized)
                    if !words.isEmpty { cues.append(words) }
                }
            }
            let sense = Sense(expansion: row[1], wordIDs: builder.register(row[1]).required, cues: cues, sections: sections)
            let key = row[2] + "\t" + surfaces.joined(separator: " ")
            if let existing = indexOfKey[key] {
                entries[existing].senses.append(sense)
            } else {
                indexOfKey[key] = entries.count
                entries.append(Entry(words: tokens.map(\.normalized), surfaces: surfaces, caseExact: row[2] == "exact", senses: [sense]))
            }
        }
        self.init(entries: entries)
    }

    /// How many senses an entry lists.
    func senseCount(of entry: Int) -> Int { entries[entry].senses.count }

    /// Where the abbreviations starting with a token's (hashed) normalised
    /// word are listed, or nil when none starts with it: the cheap test the
    /// matcher makes on every word.
    @inline(__always)
    func firstWordSlot(of key: WordKey) -> Int? {
        guard key.bytes.count <= longestFirstWord else { return nil }
        let bit = Self.filterBit(key)
        guard firstWordFilter.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) }) != 0,
              let slot = firstWordSlots.value(of: key)
        else { return nil }
        return Int(slot)
    }

    /// 64-bit words of `firstWordFilter`.
    private static let filterWords = 64

    /// A word's bit in `firstWordFilter`: hash bits above those that pick its slot.
    @inline(__always)
    private static func filterBit(_ key: WordKey) -> Int {
        Int(truncatingIfNeeded: key.hash >> 40) & (filterWords * 64 - 1)
    }

    /// The abbreviations listed at `firstWordSlot` that match at `token` and
    /// span the most tokens, into `longest` (emptied first), in table order;
    /// returns that span, nil when none matches. (Into a buffer the caller
    /// reuses: a list of matches, then of the longest, cost two allocations
    /// per abbreviation in a note.)
    func longestMatches(firstWordSlot slot: Int, at token: Int, in document: Document, end: Int, into longest: inout [Int]) -> Int? {
        // (Only when not empty: emptying an array keeping its buffer goes
        // through the generic `replaceSubrange`.)
        if !longest.isEmpty { longest.removeAll(keepingCapacity: true) }
        var length = 0
        // Through buffer pointers, reading fields in place: copying each entry
        // and token out (or the word's list of entries) cost a retain and release
        // per array and string they hold, for every note word that starts an
        // abbreviation ("a", "as", "all").
        entries.withUnsafeBufferPointer { entries in
        document.tokens.withUnsafeBufferPointer { tokens in
        firstWordStarts.withUnsafeBufferPointer { starts in
        firstWordEntries.withUnsafeBufferPointer { list in
            for index in list[starts[slot]..<starts[slot + 1]] {
                let wordCount = entries[index].words.count
                guard token + wordCount <= end else { continue }
                var matched = true
                for offset in 0..<wordCount {
                    if tokens[token + offset].normalized != entries[index].words[offset] { matched = false; break }
                    if entries[index].caseExact,
                       !Self.surface(of: tokens[token + offset].span, in: document, equals: entries[index].surfaces[offset]) {
                        matched = false
                        break
                    }
                }
                guard matched, wordCount >= length else { continue }
                if wordCount > length {
                    if !longest.isEmpty { longest.removeAll(keepingCapacity: true) }
                    length = wordCount
                }
                longest.append(index)
            }
        }
        }
        }
        }
        return longest.isEmpty ? nil : length
    }

    /// The sense a token takes from the rows it matches: their one distinct
    /// expansion, or the one whose cues (distinct cue words and phrases of
    /// the sentence, or its section) are most present; nil on a tie or when
    /// no cue is present, so an ambiguous abbreviation is never guessed.
    func sense(of matched: [Int], sentence: Range<Int>, in document: Document, section: SectionKind) -> Sense? {
        sense(of: matched, cueRange: sentence, in: document, section: section)
    }

    /// How far from the abbreviation cues are looked for: the whole of any
    /// ordinary sentence, but bounded so a note without sentence breaks stays linear.
    static let cueReach = 60

    /// The sense of the rows matched at `token`, cues looked for in its sentence.
    /// `leads`, when given, holds per token of `sentence` the first byte of
    /// its normalised word if ASCII, else `unknownLead` (see `leads(of:in:)`):
    /// it lets the cue search skip most tokens without reading their words.
    func sense(of matched: [Int], at token: Int, sentence: Range<Int>, in document: Document, section: SectionKind,
               leads: [UInt8]? = nil) -> Sense? {
        let lower = max(sentence.lowerBound, token - Self.cueReach)
        let upper = min(sentence.upperBound, token + Self.cueReach)
        return sense(of: matched, cueRange: lower..<upper, in: document, section: section,
                     leads: leads.map { CueLeads(bytes: $0, start: sentence.lowerBound) })
    }

    /// First bytes of a stretch of tokens (`bytes[i]` is token `start + i`'s).
    struct CueLeads {
        var bytes: [UInt8]
        var start: Int
    }

    /// A token whose first byte is not ASCII (or that is empty): its word must be read.
    static let unknownLead: UInt8 = 0x80

    /// Per token of `range`, the first byte of its normalised word when ASCII, else `unknownLead`.
    static func leads(of range: Range<Int>, in document: Document) -> [UInt8] {
        // Read in place (`TokenBytes`): mapping the tokens copied each one out (a retain and release).
        let tokenBytes = TokenBytes.current
        return document.tokens.withUnsafeBufferPointer { tokens in
            range.map { position in
                tokenBytes.withBytes(of: tokens, at: position) { bytes in
                    bytes.first.map { $0 < 0x80 ? $0 : unknownLead } ?? unknownLead
                }
            }
        }
    }

    private func sense(of matched: [Int], cueRange sentence: Range<Int>, in document: Document, section: SectionKind,
                       leads: CueLeads? = nil) -> Sense? {
        // One row of one sense (most abbreviations): no list to build.
        if matched.count == 1, entries[matched[0]].senses.count == 1 { return entries[matched[0]].senses[0] }
        // The distinct senses as (entry, sense) pairs, read in place: copies
        // of them cost a retain and release per string and array they hold.
        var picks: [(entry: Int, sense: Int)] = []
        for entry in matched {
            for index in entries[entry].senses.indices
            where !picks.contains(where: { entries[$0.entry].senses[$0.sense].expansion == entries[entry].senses[index].expansion }) {
                picks.append((entry, index))
            }
        }
        if picks.count == 1 { return entries[picks[0].entry].senses[picks[0].sense] }
        // The stretch's tokens by first byte, worked out once for all the cues.
        let cueStarts = leads.map { CueStarts(sentence, $0) }
        var best: (entry: Int, sense: Int)?
        var bestScore = 0
        var tie = false
        for pick in picks {
            var score = entries[pick.entry].senses[pick.sense].sections.contains(section.rawValue) ? 1 : 0
            let cues = cueTable.cues(ofSense: cueTable.senseID(entry: pick.entry, sense: pick.sense))
            for cue in cues where self.sentence(sentence, in: document, contains: cue,
                                                words: entries[pick.entry].senses[pick.sense].cues[cue - cues.lowerBound],
                                                cueStarts: cueStarts) {
                score += 1
            }
            if score > bestScore {
                best = pick
                bestScore = score
                tie = false
            } else if score == bestScore, score > 0 {
                tie = true
            }
        }
        if tie { return nil }
        return best.map { entries[$0.entry].senses[$0.sense] }
    }

    /// `document.surface(span) == expected`, without building the surface
    /// string in the common cases: the same scalars are equal; two different
    /// ASCII texts are not; anything else takes the String comparison
    /// (canonical equivalence).
    static func surface(of span: TextSpan, in document: Document, equals expected: String) -> Bool {
        let lower = max(0, min(span.start, document.scalars.count))
        let upper = max(lower, min(span.end, document.scalars.count))
        var ascii = true
        var same = true
        var position = lower
        for scalar in expected.unicodeScalars {
            ascii = ascii && scalar.isASCII
            if position < upper {
                let own = document.scalars[position]
                ascii = ascii && own.isASCII
                same = same && own == scalar
            } else {
                same = false
            }
            position += 1
        }
        while position < upper {
            ascii = ascii && document.scalars[position].isASCII
            same = false
            position += 1
        }
        if same { return true }
        return ascii ? false : document.surface(span) == expected
    }

    /// `word.hasPrefix(prefix)` for normalised words, comparing bytes where
    /// that gives the same answer: an ASCII prefix against ASCII bytes, with
    /// an ASCII byte (a character boundary) or the end after it. Anything
    /// else takes the String comparison (characters, canonical equivalence).
    static func word(_ word: String, hasPrefix prefix: String) -> Bool {
        let fast: Bool? = SentenceWords.withBytes(of: word) { bytes in
            SentenceWords.withBytes(of: prefix) { Self.bytes(bytes, hasPrefix: $0) }
        }
        return fast ?? word.hasPrefix(prefix)
    }

    /// The byte-level answer of `word(_:hasPrefix:)`, or nil where only the
    /// String comparison can tell.
    @inline(__always)
    static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, hasPrefix prefix: UnsafeBufferPointer<UInt8>) -> Bool? {
        var offset = 0
        while offset < prefix.count {
            let expected = prefix[offset]
            // A carriage return could join the next character ("\r\n").
            guard expected < 0x80, expected != 0x0d else { return nil }
            guard offset < bytes.count else { return false }
            let byte = bytes[offset]
            guard byte < 0x80 else { return nil }
            if byte != expected {
                // Differing ASCII here; the rest must be ASCII too to say no.
                for rest in prefix[(offset + 1)...] where rest >= 0x80 || rest == 0x0d { return nil }
                return false
            }
            offset += 1
        }
        return offset == bytes.count || bytes[offset] < 0x80 ? true : nil
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(UInt64(entries.count))
        for entry in entries {
            writer.write(entry.words)
            writer.write(entry.surfaces)
            writer.write(entry.caseExact)
            writer.write(UInt64(entry.senses.count))
            for sense in entry.senses {
                writer.write(sense.expansion)
                writer.write(sense.wordIDs)
                writer.write(sense.cues.map { $0.joined(separator: " ") })
                writer.write(sense.sections)
            }
        }
    }

    init(from reader: inout BinaryReader, wordCount: Int) throws {
        let count = try reader.readUInt64()
        guard count <= UInt64(reader.remaining) else { throw reader.corrupt("implausible abbreviation count") }
        var entries: [Entry] = []
        for _ in 0..<count {
            let words = try reader.readStringArray()
            let surfaces = try reader.readStringArray()
            let caseExact = try reader.readBool()
            let senseCount = try reader.readUInt64()
            guard !words.isEmpty, surfaces.count == words.count, senseCount >= 1, senseCount <= UInt64(reader.remaining) else {
                throw reader.corrupt("malformed abbreviation entry")
            }
            var senses: [Sense] = []
            for _ in 0..<senseCount {
                let expansion = try reader.readString()
                let ids = try reader.readUInt32Array()
                for id in ids where Int(id) >= wordCount { throw reader.corrupt("abbreviation word id out of range") }
                let cues = try reader.readStringArray().map(Self.cueWords)
                let sections = try reader.readStringArray()
                senses.append(Sense(expansion: expansion, wordIDs: ids, cues: cues, sections: sections))
            }
            entries.append(Entry(words: words, surfaces: surfaces, caseExact: caseExact, senses: senses))
        }
        self.init(entries: entries)
    }
}

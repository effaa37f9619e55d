import ClinicodeCore

extension AbbreviationTable {
    /// Every sense's cues laid out once, when the table is made, for
    /// `sentence(_:in:contains:words:cueStarts:)`: an ambiguous abbreviation
    /// weighs dozens of cues, each against every token of the stretch that
    /// shares its first byte, and nearly all of those fail within the first
    /// word's first bytes. Each cue keeps the first eight bytes of its first
    /// word, so such a token is ruled out by comparing one word of its
    /// inline string (`TokenBytes`) instead of copying its bytes out and
    /// comparing them one by one.
    struct CueTable: Sendable {
        /// Per entry: the id of its first sense (its senses are numbered in order).
        private var firstSense: [Int32] = []
        /// Per sense id: its cues are `senseCues[id]..<senseCues[id + 1]`.
        private var senseCues: [Int32] = [0]
        /// Per cue: the first byte of its first word when ASCII (and not a
        /// carriage return), else `AbbreviationTable.unknownLead`.
        private(set) var leads: [UInt8] = []
        /// Per cue: its first word's first bytes (up to eight, little-endian)
        /// and a mask of them; a zero mask when the word is not all ASCII
        /// without carriage returns (or is empty), as the quick test needs.
        private var heads: [(bytes: UInt64, mask: UInt64)] = []

        init(entries: [Entry]) {
            for entry in entries {
                firstSense.append(Int32(senseCues.count - 1))
                for sense in entry.senses {
                    for cue in sense.cues {
                        let lead = cue.first?.utf8.first
                        leads.append(lead.map { $0 < 0x80 && $0 != 0x0d ? $0 : unknownLead } ?? unknownLead)
                        heads.append(Self.head(of: cue.first ?? ""))
                    }
                    senseCues.append(Int32(leads.count))
                }
            }
        }

        private static func head(of word: String) -> (bytes: UInt64, mask: UInt64) {
            let bytes = Array(word.utf8)
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0d }) else { return (0, 0) }
            var head: UInt64 = 0
            var mask: UInt64 = 0
            for (index, byte) in bytes.prefix(8).enumerated() {
                head |= UInt64(byte) << UInt64(8 * index)
                mask |= 0xff << UInt64(8 * index)
            }
            return (head, mask)
        }

        /// The id of an entry's sense (`sense` counts from 0 within the entry).
        @inline(__always)
        func senseID(entry: Int, sense: Int) -> Int { Int(firstSense[entry]) + sense }

        /// The cues of a sense (ids into `leads`, in the sense's `cues` order).
        @inline(__always)
        func cues(ofSense id: Int) -> Range<Int> { Int(senseCues[id])..<Int(senseCues[id + 1]) }

        /// The first bytes of a cue's first word and their mask (see `heads`).
        @inline(__always)
        func head(of cue: Int) -> (bytes: UInt64, mask: UInt64) { heads[cue] }
    }

    /// Whether a word (its inline string's two words, see `TokenBytes.rawWords`)
    /// surely does not begin with a cue word whose `head` is given: the
    /// answer `bytes(_:hasPrefix:)` gives, when it is "no" by the first
    /// eight bytes. A first difference at an ASCII byte of the word, or past
    /// its end, is a "no" there (every byte before it matched an ASCII byte,
    /// and the whole cue word is ASCII); anything else is left to it.
    @inline(__always)
    static func surelyLacks(_ raw: (UInt64, UInt64), head: (bytes: UInt64, mask: UInt64)) -> Bool {
        let difference = (raw.0 ^ head.bytes) & head.mask
        guard difference != 0 else { return false }
        let offset = difference.trailingZeroBitCount >> 3
        let count = Int(truncatingIfNeeded: raw.1 >> 56) & 0x0F
        return offset >= count || (raw.0 >> UInt64(8 * offset)) & 0x80 == 0
    }

    /// Whether the stretch holds cue `cue` of `cueTable` (`words` are its
    /// words): in the hot case a token the cue's first bytes rule out is
    /// passed over at once (see `CueTable`).
    func sentence(_ range: Range<Int>, in document: Document, contains cue: Int, words: [String],
                  cueStarts: CueStarts?) -> Bool {
        let lead = cueTable.leads[cue]
        let tokenBytes = TokenBytes.current
        guard lead != Self.unknownLead, let cueStarts, tokenBytes.hashesInline else {
            return Self.sentence(range, in: document, contains: words, cueStarts: cueStarts)
        }
        guard range.count >= words.count else { return false }
        let end = range.upperBound - words.count + 1
        let head = cueTable.head(of: cue)
        return document.tokens.withUnsafeBufferPointer { tokens in
            cueStarts.contains(lead: lead, before: end) { start in
                let raw = tokenBytes.rawWords(of: tokens, at: start)
                if TokenBytes.isInline(raw), Self.surelyLacks(raw, head: head) { return false }
                return Self.cue(words, matchesAt: start, in: document)
            }
        }
    }

    /// Whether the stretch holds the cue's words, from any token (with
    /// `cueStarts`, only from those sharing its first byte).
    static func sentence(_ range: Range<Int>, in document: Document, contains cue: [String],
                         cueStarts: CueStarts?) -> Bool {
        guard range.count >= cue.count else { return false }
        // Two different ASCII first letters rule a start out at once (the
        // base letters differ, whatever marks follow).
        let lead = cue.first?.utf8.first.flatMap { $0 < 0x80 && $0 != 0x0d ? $0 : nil }
        let end = range.upperBound - cue.count + 1
        if let lead, let cueStarts {
            // The hot case: only the tokens that may start the cue.
            return cueStarts.contains(lead: lead, before: end) { Self.cue(cue, matchesAt: $0, in: document) }
        }
        var start = range.lowerBound
        while start < end {
            if let lead, let first = document.tokens[start].normalized.utf8.first, first < 0x80, first != lead {
                start += 1
                continue
            }
            var matched = true
            for offset in 0..<cue.count where !Self.word(document.tokens[start + offset].normalized, hasPrefix: cue[offset]) {
                matched = false
                break
            }
            if matched { return true }
            start += 1
        }
        return false
    }

    /// Whether the words from `start` begin with the cue's words. Tokens
    /// are read in place (`TokenBytes`): taking each token's string out of
    /// the array cost a retain and release per word compared.
    static func cue(_ cue: [String], matchesAt start: Int, in document: Document) -> Bool {
        let tokenBytes = TokenBytes.current
        return document.tokens.withUnsafeBufferPointer { tokens in
            for offset in 0..<cue.count {
                let fast = tokenBytes.withBytes(of: tokens, at: start + offset) { bytes in
                    SentenceWords.withBytes(of: cue[offset]) { Self.bytes(bytes, hasPrefix: $0) }
                }
                if fast ?? tokens[start + offset].normalized.hasPrefix(cue[offset]) { continue }
                return false
            }
            return true
        }
    }
}

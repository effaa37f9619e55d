import CPrefetch
import ClinicodeCore

extension Terminology {
    /// Extra tokens a mention may spread over beyond its term's word count,
    /// so "fracture of the shaft of the left femur" still matches.
    static let windowSlack = 4

    /// Finds lexicon terms in every sentence and appends them to
    /// `document.mentions` (kept in text order). Each term's words must all
    /// occur, in any order, within the term's length plus a small slack;
    /// where terms overlap, the one covering more words wins and terms on
    /// exactly the same words become alternative codes of one mention.
    public func annotate(_ document: inout Document) {
        // Read through a plain value: handing the inout document to the
        // helpers copied it (a retain per field) once per sentence.
        let (found, wordHashes) = mentions(in: document)
        if wordHashes.count == document.tokens.count { document.wordHashes = wordHashes }
        guard !found.isEmpty else { return }
        // Handed over whole when the document has none yet (as from the text
        // stage): appending copied every mention, a retain per field.
        if document.mentions.isEmpty {
            document.mentions = found
        } else {
            document.mentions.append(contentsOf: found)
        }
        document.mentions.sort { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
    }

    /// The mentions of every sentence, sentence by sentence, and the
    /// note's `Document.wordHashes` (empty when it has no sentences).
    private func mentions(in document: Document) -> (mentions: [Mention], wordHashes: [UInt64]) {
        guard !document.sentences.isEmpty else { return ([], []) }
        let scratch = MatchScratch.current
        // A nested use (none is made today) must not take the buffers in use.
        if scratch.isBusy { return mentions(in: document, scratch: MatchScratch()) }
        scratch.isBusy = true
        defer { scratch.isBusy = false }
        return mentions(in: document, scratch: scratch)
    }

    /// `mentions(in:)` with the thread's buffers, moved out into locals
    /// while they are used so that each append finds its buffer uniquely held.
    private func mentions(in document: Document, scratch: MatchScratch) -> (mentions: [Mention], wordHashes: [UInt64]) {
        // Every word of the note looked up once (through the thread's word cache), not per sentence.
        var noteWords = NoteWords(document, tokens: 0..<document.tokens.count, terminology: self)
        defer { noteWords.recycle() }
        // One bit per vocabulary word present in the current sentence: most
        // anchored terms fail on their second word, so this check comes first.
        // All zero between sentences.
        var present: [UInt64] = []
        // Per token of the current sentence: comma, item word (see `dropListCrossing`).
        var listMarks: [UInt8] = []
        var words = SentenceWords()
        var candidates = Candidates()
        var deferred: [DeferredMention] = []
        var found = scratch.mentions
        swap(&present, &scratch.present)
        swap(&listMarks, &scratch.listMarks)
        swap(&words, &scratch.words)
        swap(&candidates, &scratch.candidates)
        swap(&deferred, &scratch.deferred)
        deferred.removeAll(keepingCapacity: true)
        defer {
            swap(&deferred, &scratch.deferred)
            swap(&present, &scratch.present)
            swap(&listMarks, &scratch.listMarks)
            swap(&words, &scratch.words)
            swap(&candidates, &scratch.candidates)
            scratch.mentions = found
        }
        let wordSets = (vocabulary.count + 63) / 64
        if present.count != wordSets { present = [UInt64](repeating: 0, count: wordSets) }
        let readings = TermReadings.current
        readings.prepare(for: storage)
        for (sentenceIndex, sentence) in document.sentences.enumerated() where !sentence.tokens.isEmpty {
            let section = sentence.section < document.sections.count ? document.sections[sentence.section].kind : .none
            words.collect(document, tokens: sentence.tokens, section: section, terminology: self, noteWords: noteWords)
            present.withUnsafeMutableBufferPointer { present in
                words.withOccurrences { occurrences in
                    for occurrence in occurrences { present[Int(occurrence.id >> 6)] |= 1 << UInt64(occurrence.id & 63) }
                }
            }
            self.candidates(in: words, present: present, into: &candidates)
            present.withUnsafeMutableBufferPointer { present in
                words.withOccurrences { occurrences in
                    for occurrence in occurrences { present[Int(occurrence.id >> 6)] = 0 }
                }
            }
            guard !candidates.list.isEmpty else { continue }
            // Read ahead while the candidates are sorted out: most are kept.
            for candidate in candidates.list { readings.prefetch(candidate.term) }
            let owners = words.hasWithout ? Self.withoutClauseOwners(in: sentence.tokens, of: document) : []
            if !owners.isEmpty {
                candidates.dropCrossing { owners[$0 - sentence.tokens.lowerBound] }
            }
            // Only when some candidate skips a token: the call alone retained
            // and released the sentence's buffers (seven atomic operations).
            if candidates.skipsTokens {
                Self.dropListCrossing(
                    &candidates, sentence: sentence.tokens, words: words, document: document, withoutOwners: owners, scratch: &listMarks)
            }
            candidates.resolve()
            for (position, kept) in candidates.kept.enumerated() {
                let candidate = candidates.list[kept]
                let alternatives = candidates.alternatives(of: position)
                // Most mentions copy their term's reading: built after the
                // last sentence (`buildDeferred`), in the slots kept for them here.
                if alternatives.isEmpty, readings.isReadable(candidate.term, make: { reading(of: candidate.term) }) {
                    deferred.append(DeferredMention(slot: found.appendLater(), candidate: candidate, sentence: sentenceIndex))
                } else {
                    found.append(mention(candidate, alternatives: alternatives, sentence: sentenceIndex,
                                         words: words, document: document, readings: readings))
                }
            }
        }
        buildDeferred(deferred, into: &found, document: document, readings: readings)
        return (found.take(), noteWords.tokenWordHashes())
    }

    /// Drops the sentence's candidates that take words from two items of a
    /// comma-separated list (`Candidates.dropListCrossing`). Commas are looked
    /// for only when some candidate skips a token; `withoutOwners` is
    /// `withoutClauseOwners` of the sentence (empty when it has no "without");
    /// `marks` is reused scratch.
    static func dropListCrossing(
        _ candidates: inout Candidates, sentence: Range<Int>, words: SentenceWords, document: Document,
        withoutOwners: [Int?], scratch marks: inout [UInt8]
    ) {
        guard candidates.skipsTokens else { return }
        let comma: UInt8 = 1, itemWord: UInt8 = 2
        marks.removeAll(keepingCapacity: true)
        marks.append(contentsOf: repeatElement(0, count: sentence.count))
        var hasComma = false
        let tokenBytes = TokenBytes.current
        document.tokens.withUnsafeBufferPointer { tokens in
            for position in sentence {
                let kind = tokens[position].kind
                if kind == .punctuation {
                    // A comma between items: a word other than "with" follows it
                    // ("bladder floor, with multiple diverticula" is one item; so is
                    // "lymph nodes resected, 2 had metastases").
                    if tokenBytes.withBytes(of: tokens, at: position, { $0.count == 1 && $0[0] == UInt8(ascii: ",") }),
                        position + 1 < sentence.upperBound, tokens[position + 1].kind == .word,
                        !tokenBytes.withBytes(of: tokens, at: position + 1, { Self.isWith($0) })
                    {
                        marks[position - sentence.lowerBound] = comma
                        hasComma = true
                    }
                } else if kind == .word || kind == .number, tokenBytes.withBytes(of: tokens, at: position, { $0.count > 3 }) {
                    marks[position - sentence.lowerBound] = itemWord
                }
            }
        }
        guard hasComma else { return }
        words.withOccurrences { occurrences in
            for occurrence in occurrences where sentence.contains(Int(occurrence.token)) {
                marks[Int(occurrence.token) - sentence.lowerBound] |= itemWord
            }
        }
        // A "without" clause qualifies its item and never ends it: "diabetic
        // ketoacidosis without coma, type 1 diabetes" is one item.
        for (offset, owner) in withoutOwners.enumerated() {
            guard let owner else { continue }
            marks[offset] &= ~itemWord
            marks[owner - sentence.lowerBound] &= ~itemWord
        }
        let lower = sentence.lowerBound
        marks.withUnsafeBufferPointer { marks in
            candidates.dropListCrossing(isComma: { marks[$0 - lower] & comma != 0 }, isItemWord: { marks[$0 - lower] & itemWord != 0 })
        }
    }

    /// "Without" and its abbreviation: a term may not take words across them (see `Candidates.dropCrossing`).
    static func isWithout(_ word: String) -> Bool {
        // One byte read first: nearly every word is neither.
        word.utf8.first == UInt8(ascii: "w") && (word == "without" || word == "w/o")
    }

    /// `isWithout` of a word's UTF-8 bytes.
    @inline(__always)
    static func isWithout(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch bytes.count {
        case 3: return bytes[0] == UInt8(ascii: "w") && bytes[1] == UInt8(ascii: "/") && bytes[2] == UInt8(ascii: "o")
        case 7: return bytes[0] == UInt8(ascii: "w") && bytes.elementsEqual("without".utf8)
        default: return false
        }
    }

    /// Whether a word's UTF-8 bytes are "with" (byte by byte: `elementsEqual`
    /// with the literal's UTF-8 view was a call per token).
    @inline(__always)
    static func isWith(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 4 && bytes[0] == UInt8(ascii: "w") && bytes[1] == UInt8(ascii: "i")
            && bytes[2] == UInt8(ascii: "t") && bytes[3] == UInt8(ascii: "h")
    }

    /// Per token of a sentence (from its first), the "without" token whose clause
    /// the token is in, or nil. A clause runs to the next punctuation or "with":
    /// "without coma, type 1 diabetes" denies no diabetes.
    static func withoutClauseOwners(in tokens: Range<Int>, of document: Document) -> [Int?] {
        var owners = [Int?](repeating: nil, count: tokens.count)
        var owner: Int? = nil
        // Words read in place (`TokenBytes`): copying each token out of the
        // array cost a retain and release, and comparing its `String`s a call each.
        let tokenBytes = TokenBytes.current
        document.tokens.withUnsafeBufferPointer { buffer in
            for index in tokens {
                let (without, with) = tokenBytes.withBytes(of: buffer, at: index) { bytes in
                    (isWithout(bytes), isWith(bytes))
                }
                if without {
                    owner = index
                } else if buffer[index].kind == .punctuation || with {
                    owner = nil
                } else {
                    owners[index - tokens.lowerBound] = owner
                }
            }
        }
        return owners
    }

    /// Every term whose words all occur within its window, into `candidates`
    /// (emptied first).
    func candidates(in words: SentenceWords, present: [UInt64], into candidates: inout Candidates) {
        let storage = self.storage
        candidates.removeAll()
        // The buffers moved out into locals while the search fills them, so
        // that each append finds its buffer uniquely held.
        var result: [Candidate] = []
        var pool: [Int] = []
        var chosen: [SentenceWords.Occurrence] = []
        var passing: [UInt64] = []
        swap(&result, &candidates.list)
        swap(&pool, &candidates.tokens)
        swap(&chosen, &candidates.chosen)
        swap(&passing, &candidates.passing)
        defer {
            swap(&result, &candidates.list)
            swap(&pool, &candidates.tokens)
            swap(&chosen, &candidates.chosen)
            swap(&passing, &candidates.passing)
        }
        let sorted = words.isSorted
        // Raw buffers: this loop runs for every word of every note, and
        // array slices here would cost a retain/release per term tried.
        storage.index.anchorGroupStarts.withUnsafeBufferPointer { groupStarts in
        storage.index.anchorGroups.withUnsafeBufferPointer { groups in
        storage.index.anchorRecords.withUnsafeBufferPointer { records in
        storage.vocabulary.numericBits.withUnsafeBufferPointer { numeric in
        words.withOccurrences { occurrences in
        present.withUnsafeBufferPointer { present in
            // The sentence's anchor groups prefetched, bounds first, then each
            // first group header, so their cache misses overlap, where the
            // search below met them one at a time.
            // (Their number bounds the passing groups: `passing` is kept at
            // least that long and written through a pointer, its length
            // never reset: each append checked the buffer's uniqueness and
            // room, and emptying it per sentence took the generic
            // `replaceSubrange` path.)
            var groupTotal = 0
            if let startBase = groupStarts.baseAddress, let groupBase = groups.baseAddress {
                for anchor in occurrences { clinicode_prefetch(startBase + Int(anchor.id)) }
                for anchor in occurrences {
                    let start = Int(groupStarts[Int(anchor.id)])
                    let end = Int(groupStarts[Int(anchor.id) + 1])
                    groupTotal &+= end &- start
                    if start < end { clinicode_prefetch(groupBase + start * 2) }
                }
            }
            if passing.count < groupTotal { passing.append(contentsOf: repeatElement(0, count: groupTotal - passing.count)) }
            passing.withUnsafeMutableBufferPointer { passing in
            var passingCount = 0
            // The groups whose second word is present are found first, each one's
            // first record prefetched, and their terms tried after, in the same
            // order: the record misses overlap where the search met them one at
            // a time (about 1% of a run). perf put a third of the search's own time
            // on that load. (Tried and dropped before: reading those records
            // ahead with plain loads in one more pass over the groups; the
            // search took 4.2% -> 5.0% of a profile.)
            // Walked with pointers (this loop runs for every group of every
            // word of every note): indexing checked `group * 2` for overflow
            // and reloaded the buffers' bases from the stack each step.
            if groupTotal > 0, let groupBase = groups.baseAddress, let recordBase = records.baseAddress,
                let presentBase = present.baseAddress, let passingBase = passing.baseAddress
            {
                for (anchorIndex, anchor) in occurrences.enumerated() {
                    let start = Int(truncatingIfNeeded: groupStarts[Int(anchor.id)])
                    let end = Int(truncatingIfNeeded: groupStarts[Int(anchor.id) + 1])
                    guard start < end else { continue }
                    let anchorBits = UInt64(truncatingIfNeeded: anchorIndex) << 32
                    // A group: the second word its terms share, then where its records start.
                    var header = groupBase + 2 &* start
                    let headersEnd = groupBase + 2 &* end
                    repeat {
                        let second = header.pointee
                        if second == TermIndex.noSecondWord || presentBase[Int(second &>> 6)] & (1 &<< UInt64(second & 63)) != 0 {
                            let group = UInt64(truncatingIfNeeded: (header - groupBase) &>> 1)
                            passingBase[passingCount] = anchorBits | group
                            passingCount &+= 1
                            clinicode_prefetch(recordBase + Int(header[1]))
                        }
                        header += 2
                    } while header < headersEnd
                }
            }
            for entry in UnsafeBufferPointer(rebasing: passing[..<passingCount]) {
                let anchor = occurrences[Int(entry >> 32)]
                let group = Int(truncatingIfNeeded: entry & 0xffff_ffff)
                var record = Int(groups[group * 2 + 1])
                let groupEnd = Int(groups[group * 2 + 3])
                termLoop: while record < groupEnd {
                    // A record: the term, its word count, its words after the anchor.
                    let term = Int(records[record])
                    let wordCount = Int(records[record + 1])
                    let others = (record + 2)..<(record + 1 + wordCount)
                    record = others.upperBound
                    // Most terms fail on their second word: it comes first.
                    for position in others {
                        let word = records[position]
                        if present[Int(word >> 6)] & (1 << UInt64(word & 63)) == 0 { continue termLoop }
                    }
                    // The chosen occurrences are written through a pointer into
                    // `chosen`, kept at least `wordCount` long (its length never
                    // reset): emptying it per term tried took the generic
                    // `replaceSubrange` path, and each append checked uniqueness.
                    if chosen.count < wordCount { chosen.append(contentsOf: repeatElement(anchor, count: wordCount - chosen.count)) }
                    let found = chosen.withUnsafeMutableBufferPointer { chosenBuffer -> Candidate? in
                        chosenBuffer[0] = anchor
                        var chosenCount = 1
                        var first = Int(anchor.token)
                        var last = Int(anchor.last)
                        var hasNumber = numeric[Int(anchor.id >> 6)] & (1 << UInt64(anchor.id & 63)) != 0
                        for position in others {
                            let word = records[position]
                            // The occurrence nearest the anchor keeps the mention tight.
                            var best: SentenceWords.Occurrence
                            if sorted {
                                let range = SentenceWords.range(of: word, in: occurrences)
                                if range.isEmpty { return nil }
                                // Occurrences of a word are in token order: binary search.
                                var low = range.lowerBound
                                var high = range.upperBound
                                while low < high {
                                    let middle = (low + high) / 2
                                    if occurrences[middle].token < anchor.token { low = middle + 1 } else { high = middle }
                                }
                                best = occurrences[min(low, range.upperBound - 1)]
                                if low > range.lowerBound {
                                    let before = occurrences[low - 1]
                                    if abs(Int(before.token - anchor.token)) <= abs(Int(best.token - anchor.token)) { best = before }
                                }
                            } else {
                                guard let nearest = SentenceWords.nearest(word, to: anchor.token, in: occurrences) else { return nil }
                                best = nearest
                            }
                            first = min(first, Int(best.token))
                            last = max(last, Int(best.last))
                            chosenBuffer[chosenCount] = best
                            chosenCount &+= 1
                            hasNumber = hasNumber || numeric[Int(word >> 6)] & (1 << UInt64(word & 63)) != 0
                        }
                        guard last - first + 1 <= wordCount + Self.windowSlack else { return nil }
                        let chosen = UnsafeBufferPointer(rebasing: chosenBuffer[..<chosenCount])
                        if chosen.contains(where: { $0.abbreviation }), !words.takesExpansionsWhole(chosen) { return nil }
                        // A number qualifies the word next to it ("type 2", "stage 3"):
                        // it must sit beside another word of the term, not anywhere in the window.
                        // A number inside an abbreviation ("T2DM") only serves terms
                        // the same abbreviation supplies other words to.
                        if hasNumber {
                            for number in chosen where numeric[Int(number.id >> 6)] & (1 << UInt64(number.id & 63)) != 0 {
                                let beside = chosen.contains {
                                    number.abbreviation
                                        ? $0.id != number.id && $0.token == number.token
                                        : $0.token != number.token && abs(Int($0.token - number.token)) <= 2
                                }
                                if !beside { return nil }
                            }
                        }
                        // The distinct tokens, ascending, at the end of the shared buffer:
                        // inserted in order one by one (a term has a few words), since
                        // sorting `pool[start...]` copied the slice (an allocation per term found).
                        let start = pool.count
                        for occurrence in chosen {
                            let token = Int(occurrence.token)
                            var slot = pool.count
                            while slot > start, pool[slot - 1] > token { slot -= 1 }
                            if slot > start, pool[slot - 1] == token { continue }
                            // (Mostly at the end: `insert` takes the generic `replaceSubrange` path.)
                            if slot == pool.count { pool.append(token) } else { pool.insert(token, at: slot) }
                        }
                        let end = pool.count
                        return Candidate(term: term, first: first, last: last, tokens: start..<end,
                                         abbreviation: chosen.contains { $0.abbreviation }, wordCount: wordCount)
                    }
                    if let found { result.append(found) }
                }
            }
            }
        }
        }
        }
        }
        }
        }
    }
}

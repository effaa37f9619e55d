import ClinicodeCore

extension Terminology {
    /// A term found in a sentence, before overlaps are resolved.
    struct Candidate {
        var term: Int
        var first: Int
        var last: Int
        /// The tokens that supplied the term's words, ascending, as a range
        /// of `Candidates.tokens` (one shared buffer, not an array each).
        var tokens: Range<Int>
        var abbreviation: Bool
        /// How many words the term has (its row length in the index).
        var wordCount: Int
    }

    /// A sentence's candidates, the token lists they share, and which of
    /// them `resolve` keeps. Reused sentence after sentence, so the search
    /// and the resolution allocate only when a sentence needs more room
    /// than any before it.
    struct Candidates {
        var list: [Candidate] = []
        /// Every candidate's tokens, one after another.
        var tokens: [Int] = []
        /// Scratch for one candidate's chosen occurrences (as long as the most
        /// any term needed; its length is not a count).
        var chosen: [SentenceWords.Occurrence] = []
        /// Scratch for the search: the anchor groups whose second word is
        /// present, as anchor index << 32 | group (see `Terminology.candidates`).
        /// As long as the most any sentence needed; its length is not a count.
        var passing: [UInt64] = []
        /// Scratch for `dropListCrossing`: the positions it drops.
        var dropped: [Int] = []
        /// After `resolve`: the kept candidates (indices into `list`), in
        /// the order kept.
        private(set) var kept: [Int] = []
        /// After `resolve`: each other term on exactly a kept candidate's
        /// tokens, with the kept one's position in `kept`, in the order found.
        /// One flat list (alternatives are rare): an array per kept candidate
        /// cost an append and, when emptied, a release each, sentence after sentence.
        private(set) var alternativeTerms: [(kept: Int, term: Int)] = []
        /// Scratch for `resolve`: the candidates' sort keys (the order they
        /// are tried in) and per token the kept candidates using it (see
        /// `resolve`); their lengths are not counts.
        private var sortKeys: [(UInt64, UInt64)] = []
        private var heads: [Int32] = []
        private var tails: [Int32] = []
        private var linkKept: [Int32] = []
        private var linkNext: [Int32] = []

        /// No candidates yet, and no room (see `reserveSentenceRoom`).
        init() {}

        /// Room for a typical sentence's candidates: grown from empty, the
        /// buffers were reallocated a dozen times (now once per thread, see `MatchScratch`).
        mutating func reserveSentenceRoom() {
            list.reserveCapacity(32)
            tokens.reserveCapacity(128)
            chosen.reserveCapacity(16)
            passing.reserveCapacity(64)
            dropped.reserveCapacity(16)
            kept.reserveCapacity(32)
            sortKeys.reserveCapacity(32)
            heads.reserveCapacity(64)
            tails.reserveCapacity(64)
            linkKept.reserveCapacity(128)
            linkNext.reserveCapacity(128)
        }

        /// Empties the candidates and the resolution, keeping their buffers.
        /// (Each only when not empty already, as most are: emptying an array
        /// keeping its buffer goes through the generic `replaceSubrange`.)
        mutating func removeAll() {
            if !list.isEmpty { list.removeAll(keepingCapacity: true) }
            if !tokens.isEmpty { tokens.removeAll(keepingCapacity: true) }
            if !kept.isEmpty { kept.removeAll(keepingCapacity: true) }
            if !alternativeTerms.isEmpty { alternativeTerms.removeAll(keepingCapacity: true) }
        }

        /// Drops the candidates that take a word from a "without" clause across
        /// its "without" without having that word themselves: a term lacking
        /// "without" must not read "appendicitis without perforation" as
        /// "appendicitis with perforation". `clauseOwner(token)` gives the
        /// "without" token governing a token's clause, or nil. Before `resolve`,
        /// so the shorter terms such a candidate would have covered stay.
        mutating func dropCrossing(_ clauseOwner: (Int) -> Int?) {
            list.removeAll { candidate in
                guard candidate.last - candidate.first + 1 > candidate.tokens.count else { return false }
                let own = tokens[candidate.tokens]
                for token in own {
                    guard let without = clauseOwner(token), without > candidate.first else { continue }
                    if !own.contains(without) { return true }
                }
                return false
            }
        }

        /// Whether some candidate's words skip a token of its span.
        @inline(__always)
        var skipsTokens: Bool { list.contains { $0.last - $0.first + 1 > $0.tokens.count } }

        /// The other terms on exactly the tokens of the kept candidate at
        /// `position` (in `kept`), in the order found.
        func alternatives(of position: Int) -> [Int] {
            guard !alternativeTerms.isEmpty else { return [] }
            var result: [Int] = []
            for pair in alternativeTerms where pair.kept == position { result.append(pair.term) }
            return result
        }

        /// Whether the candidates' token lists `a` and `b` are equal.
        @inline(__always)
        func sameTokens(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            guard a.count == b.count else { return false }
            for offset in 0..<a.count where tokens[a.lowerBound + offset] != tokens[b.lowerBound + offset] { return false }
            return true
        }

        /// Whether every token of the sorted list `small` is in the sorted list `large`.
        @inline(__always)
        func isSubset(_ small: Range<Int>, of large: Range<Int>) -> Bool {
            var position = large.lowerBound
            for index in small {
                let value = tokens[index]
                while position < large.upperBound, tokens[position] < value { position += 1 }
                if position == large.upperBound || tokens[position] != value { return false }
            }
            return true
        }

        /// Whether every token of `candidate` is used by some kept candidate with
        /// as many words or more (kept before it; a subset of a single one is
        /// caught before this). `heads` and the links are `resolve`'s.
        @inline(__always)
        private func allWordsTaken(
            by candidate: Candidate, base: Int, list: [Candidate], heads: UnsafeMutableBufferPointer<Int32>,
            linkKept: UnsafeMutableBufferPointer<Int32>, linkNext: UnsafeMutableBufferPointer<Int32>
        ) -> Bool {
            for tokenIndex in candidate.tokens {
                var link = heads[tokens[tokenIndex] - base]
                var taken = false
                while link >= 0 {
                    if list[kept[Int(linkKept[Int(link)])]].wordCount >= candidate.wordCount {
                        taken = true
                        break
                    }
                    link = linkNext[Int(link)]
                }
                if !taken { return false }
            }
            return true
        }

        /// Keeps the terms covering the most words (into `kept`); a term on
        /// the same tokens as a kept one becomes its alternative, a term on
        /// a subset is dropped.
        ///
        /// (Its scratch is kept as long as the most any sentence needed and
        /// written through pointers, never emptied: four arrays emptied per
        /// sentence took the generic `replaceSubrange` path, and each append
        /// checked the buffer's uniqueness.)
        mutating func resolve() {
            if !kept.isEmpty { kept.removeAll(keepingCapacity: true) }
            if !alternativeTerms.isEmpty { alternativeTerms.removeAll(keepingCapacity: true) }
            guard !list.isEmpty else { return }
            // A lone candidate (as in most sentences that have any) is kept as it is.
            if list.count == 1 {
                kept.append(0)
                return
            }
            let list = self.list
            let count = list.count
            // (The word count travels with each candidate: reading it from the
            // index inside the comparator copied the whole index per comparison.)
            // Most words first, then the tightest, then the lowest term id, as
            // packed keys sorted ascending (a sentence has a few candidates: by
            // insertion); the position last keeps equal ones in list order, as
            // the stable sort over a comparator reading the list did. The
            // position is also the order the candidates are tried in.
            if sortKeys.count < count { sortKeys.append(contentsOf: repeatElement((0, 0), count: count - sortKeys.count)) }
            sortKeys.withUnsafeMutableBufferPointer { all in
                var keys = UnsafeMutableBufferPointer(rebasing: all[..<count])
                for (index, candidate) in list.enumerated() {
                    keys[index] = (
                        UInt64(UInt32.max - UInt32(candidate.wordCount)) << 32 | UInt64(UInt32(candidate.last - candidate.first)),
                        UInt64(UInt32(candidate.term)) << 32 | UInt64(UInt32(index)))
                }
                if count > 24 {
                    keys.sort { $0 < $1 }
                    return
                }
                for next in 1..<count {
                    let key = keys[next]
                    var slot = next
                    while slot > 0, key < keys[slot - 1] {
                        keys[slot] = keys[slot - 1]
                        slot -= 1
                    }
                    keys[slot] = key
                }
            }
            // Kept candidates by each token they use, in the order kept: a
            // candidate can only equal or lie inside kept ones that use its first
            // token. Per token (relative to `base`) a list threaded through the
            // links (one per token of a kept candidate: at most `tokens.count`).
            let base = list.reduce(Int.max) { min($0, $1.first) }
            let span = list.reduce(0) { max($0, $1.last) } - base + 1
            if heads.count < span {
                heads.append(contentsOf: repeatElement(-1, count: span - heads.count))
                tails.append(contentsOf: repeatElement(-1, count: span - tails.count))
            }
            if linkKept.count < tokens.count {
                linkKept.append(contentsOf: repeatElement(-1, count: tokens.count - linkKept.count))
                linkNext.append(contentsOf: repeatElement(-1, count: tokens.count - linkNext.count))
            }
            var heads: [Int32] = []
            var tails: [Int32] = []
            var linkKept: [Int32] = []
            var linkNext: [Int32] = []
            var sortKeys: [(UInt64, UInt64)] = []
            swap(&heads, &self.heads)
            swap(&tails, &self.tails)
            swap(&linkKept, &self.linkKept)
            swap(&linkNext, &self.linkNext)
            swap(&sortKeys, &self.sortKeys)
            defer {
                swap(&heads, &self.heads)
                swap(&tails, &self.tails)
                swap(&linkKept, &self.linkKept)
                swap(&linkNext, &self.linkNext)
                swap(&sortKeys, &self.sortKeys)
            }
            heads.withUnsafeMutableBufferPointer { heads in
            tails.withUnsafeMutableBufferPointer { tails in
            linkKept.withUnsafeMutableBufferPointer { linkKept in
            linkNext.withUnsafeMutableBufferPointer { linkNext in
            sortKeys.withUnsafeBufferPointer { keys in
                for slot in 0..<span {
                    heads[slot] = -1
                    tails[slot] = -1
                }
                var linkCount = 0
                outer: for key in UnsafeBufferPointer(rebasing: keys[..<count]) {
                    let index = Int(truncatingIfNeeded: key.1 & 0xffff_ffff)
                    let candidate = list[index]
                    var link = heads[tokens[candidate.tokens.lowerBound] - base]
                    while link >= 0 {
                        let position = Int(linkKept[Int(link)])
                        link = linkNext[Int(link)]
                        let other = list[kept[position]]
                        if sameTokens(candidate.tokens, other.tokens) {
                            if candidate.term != other.term, candidate.wordCount == other.wordCount,
                               !alternativeTerms.contains(where: { $0.kept == position && $0.term == candidate.term }) {
                                alternativeTerms.append((position, candidate.term))
                            }
                            continue outer
                        }
                        if isSubset(candidate.tokens, of: other.tokens) { continue outer }
                    }
                    // A term made only of words of kept terms (as long or longer) on either side of it
                    // ("kidney infection" across "urinary tract infection with acute kidney
                    // injury") is an artefact of any-order matching: it names nothing of its own.
                    if candidate.tokens.count >= 2, allWordsTaken(
                        by: candidate, base: base, list: list, heads: heads, linkKept: linkKept, linkNext: linkNext)
                    {
                        continue outer
                    }
                    for tokenIndex in candidate.tokens {
                        let slot = tokens[tokenIndex] - base
                        let new = Int32(linkCount)
                        linkKept[linkCount] = Int32(kept.count)
                        linkNext[linkCount] = -1
                        linkCount += 1
                        if tails[slot] >= 0 { linkNext[Int(tails[slot])] = new } else { heads[slot] = new }
                        tails[slot] = new
                    }
                    kept.append(index)
                }
            }
            }
            }
            }
            }
        }
    }
}

import ClinicodeCore
import ClinicodeTerminology

/// The coding rules that look at the note's codes together: combination codes
/// over their parts, Excludes1 pairs, and symptoms integral to a definitive
/// diagnosis (ranked below it).
struct CodingRulesApplier {
    let catalog: CatalogCache
    let rules: RankingRules
    /// Candidates' rule matches (see `CodeFacts`), for candidates made without them.
    let facts: CodeFactsStore

    /// Some combination rule has no parts (it applies to every note).
    let hasPartlessCombination: Bool

    init(catalog: CatalogCache, rules: RankingRules, facts: CodeFactsStore? = nil) {
        self.catalog = catalog
        self.rules = rules
        self.facts = facts ?? CodeFactsStore(rules: rules)
        hasPartlessCombination = rules.combinations.contains { $0.parts.isEmpty }
    }

    /// Gives every candidate its facts (the ranker's have them already): the
    /// rules then read `facts!` in place. A fallback made per read was a
    /// value each rule owned, so every read retained and released the facts
    /// and the node, once per candidate and rule of every note.
    func fillFacts(_ list: inout [Candidate]) {
        for index in list.indices where list[index].facts == nil {
            list[index].facts = facts.facts(of: list[index].code, catalog: catalog)
        }
    }

    /// How many of the best candidates the pairwise rules examine (bounds the cost).
    static let pairwiseLimit = 25  // at most 64: `applyExcludes1` keeps the head's positions as bits

    /// Score share kept by a history code whose wording names no condition.
    static let bareHistoryFactor = 0.3

    /// A code its named sibling makes redundant (one retrieval alone found,
    /// an unsided twin, a residual "other" code on the same words) keeps at
    /// most this share of the sibling's score: below
    /// `RankingOptions.defaultMinScore` for any sibling.
    static let redundantSiblingFactor = 0.25

    /// An integral symptom's score is at most this share of its diagnosis's.
    static let integralSymptomFactor = 0.5

    /// An external cause's score is at most this share of its condition's.
    static let externalCauseFactor = 0.9

    /// Score share kept by an external cause with no condition it could accompany.
    static let unaccompaniedCauseFactor = 0.25

    /// Applies the rules to candidates sorted best first; returns the survivors
    /// (re-sorted) and adds what they remove to `excluded`.
    func apply(
        _ ranked: [Candidate],
        excluded: inout ExcludedCodes
    ) -> [Candidate] {
        var list = ranked
        apply(&list, excluded: &excluded)
        return list
    }

    /// `apply(_:excluded:)` in place: candidates are moved, never copied.
    func apply(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        fillFacts(&list)
        combine(&list, excluded: &excluded)
        Ranker.sortBest(&list)
        preferSpecificSiblings(&list, excluded: &excluded)
        dropWithoutTwins(&list, excluded: &excluded)
        demoteUnsidedTwins(&list)
        Ranker.sortBest(&list)
        demoteSuperseded(&list)
        demoteUnsited(&list)
        demoteBareHistoryCodes(&list)
        Ranker.sortBest(&list)
        applyExcludes1(&list, excluded: &excluded)
        demoteIntegralSymptoms(&list)
        demoteExternalCauses(&list)
        sequenceEtiologies(&list)
        Ranker.sortBest(&list)
    }

    /// Drops the candidates whose positions are set in `removed` (positions
    /// from 64 on are kept), keeping the order and moving the others by swaps
    /// (no candidate is copied). Bits, not an array of flags: the rules remove
    /// only from the examined head, and a flag array was an allocation per removal.
    static func compact(_ list: inout [Candidate], removed: UInt64) {
        guard removed != 0 else { return }
        var next = 0
        // The buffer's swapAt moves memory; Array's copies (retains) both elements.
        list.withUnsafeMutableBufferPointer { list in
            for index in list.indices where index >= 64 || removed & (1 << UInt64(index)) == 0 {
                if index != next { list.swapAt(index, next) }
                next += 1
            }
        }
        list.removeLast(list.count - next)
    }

    /// A vague code ranks below a more specific code of the same kind the
    /// note's text supports (half its score).
    private func demoteSuperseded(_ list: inout [Candidate]) {
        guard !rules.superseded.isEmpty, hasCandidate(in: list, where: { $0.isSuperseded }) else { return }
        // Positions of the specific codes (only scores change below, never
        // codes), as bits of the head: an array of them was an allocation per note.
        var specific: UInt64 = 0
        for position in 0..<min(list.count, Self.pairwiseLimit) where list[position].hasMention {
            specific |= 1 << UInt64(position)
        }
        for index in list.indices {
            let vague = list[index].facts!
            guard vague.isSuperseded else { continue }
            for rule in rules.superseded.indices where vague.supersededSymptom(rule) {
                var better: Int?
                var rest = specific
                while rest != 0 {
                    let position = rest.trailingZeroBitCount
                    rest &= rest - 1
                    let other = list[position].facts!
                    if other.supersededDiagnosis(rule) && !other.supersededSymptom(rule)
                        && list[position].code.code != list[index].code.code {
                        better = position
                        break
                    }
                }
                guard let better else { continue }
                list[index].score *= 0.5
                let betterCode = list[better].code.code  // read before the candidate is changed
                list[index].addRationale("less specific than \(betterCode)")
                break
            }
        }
    }

    /// A code of unspecified site or kind ranks at its rule's factor: the
    /// note usually says more than the bare word that reached it.
    private func demoteUnsited(_ list: inout [Candidate]) {
        guard !rules.unsited.isEmpty else { return }
        for index in list.indices {
            guard let rule = list[index].facts!.unsitedRule else { continue }
            list[index].score *= rules.unsited[rule].factor
            list[index].addRationale("a code for an unspecified site or kind: the note may name the site")
        }
    }

    /// A personal or family history code (Z80-Z87) of "other" or
    /// "unspecified" conditions reached by the note's wording alone names no
    /// condition: "Personal history: ..." and "family history" are labels.
    /// Such a code ranks low unless a history rule or a synonym gave it.
    private func demoteBareHistoryCodes(_ list: inout [Candidate]) {
        for index in list.indices {
            // `hasPrefix("Z8") && code < "Z88"` over the bytes: "Z8" alone, or
            // then a byte below "8" (an ASCII one: a new character, ordered by its byte).
            var code = list[index].code.code
            let isHistory = code.withUTF8 { bytes in
                bytes.count >= 2 && bytes[0] == UInt8(ascii: "Z") && bytes[1] == UInt8(ascii: "8")
                    && (bytes.count == 2 || bytes[2] < UInt8(ascii: "8"))
            }
            guard isHistory, !list[index].fromRule, !list[index].namedOutright,
                let node = list[index].facts!.node, node.isOther || node.isUnspecified
            else { continue }
            list[index].score *= Self.bareHistoryFactor
            list[index].addRationale("history code naming no condition")
        }
    }

    /// Whether some candidate's facts pass `test`: most notes have no
    /// candidate a pairwise rule applies to, and then it needs no list of
    /// the other side's candidates (read in place, no candidate copied).
    func hasCandidate(in list: [Candidate], where test: (CodeFacts) -> Bool) -> Bool {
        list.withUnsafeBufferPointer { list in
            list.indices.contains { test(list[$0].facts!) }
        }
    }

    /// Whether a code is a symptom code (chapter 18, "R..."): as
    /// `hasPrefix("R")`, read as bytes for an ASCII code.
    static func isSymptomCode(_ code: String) -> Bool {
        var code = code
        return code.withUTF8 { bytes in
            guard let first = bytes.first else { return false }
            // An ASCII byte after the "R" starts a new character (no
            // combining mark, and "R" is no carriage return).
            if bytes.count == 1 || bytes[1] < 0x80 { return first == UInt8(ascii: "R") }
            return String(decoding: bytes, as: UTF8.self).hasPrefix("R")
        }
    }

    /// Excludes1: two codes that may not be coded together keep the better
    /// supported one; candidates are moved, never copied.
    func applyExcludes1(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        let limit = min(list.count, Self.pairwiseLimit)
        // One candidate clashes with nothing (its node's list is not even read).
        guard limit > 1 else { return }
        fillFacts(&list)  // (when called alone)
        // Positions left out, as bits (the examined head is at most 64 long).
        var removed: UInt64 = 0
        // Distinct code systems met after the first, so parties compare systems
        // as integers (a note's codes are nearly always of one system: no array then).
        var systems: [CodeSystemID] = []
        // What the examined parties' lists may exclude, and the codes they
        // are, as first-byte bits: a party neither side of whose test can
        // pass against any of them is kept without a pair test (most are).
        var examinedExclude: UInt64 = 0, examinedFirst: UInt64 = 0
        // The kept candidates the check looks at, as plain values, on the
        // stack: the pair test copies each one, and a copy holding Strings or
        // class references would retain and release them for every pair.
        withUnsafeTemporaryAllocation(of: ExclusionParty.self, capacity: limit) { examined in
            var examinedCount = 0
            list.withUnsafeBufferPointer { candidates in
                let firstSystem = candidates[0].code.system
                for position in 0..<limit {
                    // Read in place: a copy of the code, the facts or the node would retain them.
                    let found = candidates[position].facts!.node
                    let system: Int
                    if candidates[position].code.system == firstSystem {
                        system = 0
                    } else if let known = systems.firstIndex(of: candidates[position].code.system) {
                        system = known + 1
                    } else {
                        systems.append(candidates[position].code.system)
                        system = systems.count
                    }
                    let party = found.map { ExclusionParty(position: position, system: system, node: $0, list: exclusions(of: $0), code: candidates[position].code.code) }
                        ?? ExclusionParty(position: position, system: system, code: candidates[position].code.code)
                    let mayClash = examinedExclude & party.firstByte != 0 || party.firstBytes & examinedFirst != 0
                    var clashes = false
                    if mayClash {
                        for index in 0..<examinedCount {
                            let winner = examined[index]
                            if winner.system == party.system
                                && (winner.excludes(party, in: candidates) || party.excludes(winner, in: candidates))
                            {
                                clashes = true
                                break
                            }
                        }
                    }
                    if clashes {
                        let code = candidates[position].code
                        if excluded[code] == nil { excluded[code] = (.excludes1, candidates[position].evidence) }
                        removed |= 1 << UInt64(position)
                        continue
                    }
                    (examined.baseAddress! + examinedCount).initialize(to: party)
                    examinedCount += 1
                    examinedExclude |= party.firstBytes
                    examinedFirst |= party.firstByte
                }
            }
        }
        Self.compact(&list, removed: removed)
    }

    /// A node's Excludes1 list, kept on the node once asked for: the catalog
    /// answers through its table and a shared store (two look-ups that
    /// missed the cache for each of a note's best candidates), and the
    /// answer never changes (see `CodeCatalog`).
    private func exclusions(of node: CatalogNode) -> ExclusionList {
        node.exclusionSlot.value { catalog.excludes1(of: node) }
    }

    /// One side of an Excludes1 check: a candidate code and its notes' ranges,
    /// in plain values (the ranges' storage is kept alive by the node's list,
    /// which the candidate's node holds).
    private struct ExclusionParty {
        /// The candidate's position in the list (for its code when a range is not packed).
        let position: Int
        /// The code system, as an index into the systems met.
        let system: Int
        /// The list (nil for none) and its first-byte bits (`ExclusionList.firstBytes`):
        /// most pairs are ruled out by the bits, and the list's ranges, read
        /// only past them, missed the cache when read for every candidate.
        let exclusions: Unmanaged<ExclusionList>?
        let firstBytes: UInt64
        /// The node's packed code, when the node carries the candidate's own code spelling.
        let hasPackedCode: Bool
        let packedCode: UInt64
        let firstByte: UInt64

        /// A candidate with no node: it excludes nothing.
        init(position: Int, system: Int, code: String) {
            self.position = position
            self.system = system
            exclusions = nil
            firstBytes = 0
            hasPackedCode = false
            packedCode = 0
            firstByte = ExclusionList.firstByteBit(of: code)
        }

        init(position: Int, system: Int, node: CatalogNode, list: ExclusionList, code: String) {
            self.position = position
            self.system = system
            // The list lives as long as the node (its slot holds it), and the node as the candidate.
            exclusions = Unmanaged.passUnretained(list)
            firstBytes = list.firstBytes
            // Packed comparisons are on the node's own code: only when it is the candidate's spelling.
            let packed = node.code.code == code ? node.packedCode : nil
            hasPackedCode = packed != nil
            packedCode = packed ?? 0
            firstByte = ExclusionList.firstByteBit(of: code)
        }

        /// Whether this code's Excludes1 notes name `other`'s code (as `CodeRange.contains`).
        func excludes(_ other: ExclusionParty, in candidates: UnsafeBufferPointer<Candidate>) -> Bool {
            guard firstBytes & other.firstByte != 0, let exclusions else { return false }
            return exclusions._withUnsafeGuaranteedRef { exclusions in
                exclusions.contains(candidates[other.position].code.code, packed: other.hasPackedCode ? other.packedCode : nil)
            }
        }
    }

    /// Symptoms integral to a definitive diagnosis named in the note rank
    /// below it (Guidelines I.B.5): kept for the coder, never above the
    /// diagnosis, with a rationale naming it.
    private func demoteIntegralSymptoms(_ list: inout [Candidate]) {
        guard !rules.integralSymptoms.isEmpty, hasCandidate(in: list, where: { $0.isIntegralSymptom }) else { return }
        // Positions and scores of the definitive diagnoses, taken before any
        // symptom's score changes (on the stack: this runs for most notes).
        withUnsafeTemporaryAllocation(of: (position: Int, score: Double).self, capacity: min(list.count, Self.pairwiseLimit)) { found in
            var count = 0
            for position in 0..<found.count where list[position].hasMention && !Self.isSymptomCode(list[position].code.code) {
                (found.baseAddress! + count).initialize(to: (position, list[position].score))
                count += 1
            }
            guard count > 0 else { return }
            let definitive = UnsafeBufferPointer(start: found.baseAddress, count: count)
            for index in list.indices {
                let symptom = list[index].facts!
                // Mostly R codes; a row may also name a sign coded elsewhere ("pain in wrist"
                // M25.531 beside the wrist's fracture, "erythema" L53.9 beside cellulitis).
                guard symptom.isIntegralSymptom else { continue }
                for rule in rules.integralSymptoms.indices where symptom.integralSymptom(rule) {
                    // The best-scored diagnosis it is integral to (definitive is best first).
                    guard let diagnosis = definitive.first(where: { list[$0.position].facts!.integralDiagnosis(rule) }) else { continue }
                    list[index].score = min(list[index].score, diagnosis.score * Self.integralSymptomFactor)
                    let diagnosisCode = list[diagnosis.position].code.code  // read before the candidate is changed
                    list[index].addRationale("integral to \(diagnosisCode); ranks below it")
                    break
                }
            }
        }
    }

    /// External-cause codes say how an injury or complication happened: they
    /// rank below the condition they accompany and are never coded alone
    /// (Guidelines I.C.20), so without one they keep a small share.
    private func demoteExternalCauses(_ list: inout [Candidate]) {
        guard !rules.externalCauses.isEmpty, hasCandidate(in: list, where: { $0.isExternalCause }) else { return }
        // On the stack, as `demoteIntegralSymptoms`' diagnoses.
        withUnsafeTemporaryAllocation(of: (position: Int, score: Double).self, capacity: min(list.count, Self.pairwiseLimit)) { found in
            var count = 0
            for position in 0..<found.count where list[position].hasMention {
                (found.baseAddress! + count).initialize(to: (position, list[position].score))
                count += 1
            }
            let conditions = UnsafeBufferPointer(start: found.baseAddress, count: count)
            for index in list.indices {
                let cause = list[index].facts!
                guard cause.isExternalCause else { continue }
                var accompanied: (position: Int, score: Double)?
                for rule in rules.externalCauses.indices where cause.externalCause(rule) {
                    // The best-scored condition it can accompany (conditions are best first).
                    if let found = conditions.first(where: {
                        list[$0.position].facts!.externalCondition(rule)
                    }), found.score > (accompanied?.score ?? -1) {
                        accompanied = found
                    }
                }
                if let condition = accompanied {
                    list[index].score = min(list[index].score, condition.score * Self.externalCauseFactor)
                    let conditionCode = list[condition.position].code.code  // read before the candidate is changed
                    list[index].addRationale("external cause of \(conditionCode); ranks below it")
                } else {
                    list[index].score *= Self.unaccompaniedCauseFactor
                    list[index].addRationale("external cause with no injury or complication suggested")
                }
            }
        }
    }
}

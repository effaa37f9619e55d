import ClinicodeCore

/// Turns the triggers reaching a mention, its section and its codes into an
/// `Assertion`, recording the cue behind every non-default value.
struct AssertionResolver: Sendable {
    private let defaults: [SectionKind: [ContextRules.SectionDefault]]
    private let chronicPrefixes: [String]
    /// The chronic code prefixes of printable ASCII, by first byte: a code
    /// is compared with the few that can match rather than with every one
    /// (`String.hasPrefix` on each was most of `isChronic`).
    private let asciiPrefixesByFirstByte: [[[UInt8]]]
    /// The other prefixes (none in the shipped lexicon), always compared.
    private let otherPrefixes: [String]
    private let chronicTerms: [String: [[String]]]
    private let ongoingIsRecent: Bool

    init(rules: ContextRules) {
        var defaults: [SectionKind: [ContextRules.SectionDefault]] = [:]
        for entry in rules.sectionDefaults { defaults[entry.section, default: []].append(entry) }
        self.defaults = defaults
        chronicPrefixes = rules.chronicCodePrefixes
        var byFirstByte = [[[UInt8]]](repeating: [], count: 128)
        var others: [String] = []
        for prefix in rules.chronicCodePrefixes {
            let bytes = Array(prefix.utf8)
            if let first = bytes.first, Self.isPrintableASCII(bytes) {
                byFirstByte[Int(first)].append(bytes)
            } else {
                others.append(prefix)
            }
        }
        asciiPrefixesByFirstByte = byFirstByte
        otherPrefixes = others
        var terms: [String: [[String]]] = [:]
        for term in rules.chronicTerms { terms[term[0], default: []].append(term) }
        chronicTerms = terms
        ongoingIsRecent = rules.ongoingHistoryIsRecent
    }

    /// The assertion of `tokens` given its sentence's scopes; `inherited`
    /// are cues from a list heading above the sentence (`ListHeaderCue`),
    /// applied where the sentence itself says nothing on that question.
    /// `section` indexes `document.sections` (nil: no section defaults);
    /// an index rather than a `Section` because a copied section retained
    /// and released its strings for every mention, though its header is
    /// read only when a default applies. `mention` indexes
    /// `document.mentions` (nil: a span with no codes), whose codes are read
    /// only for a past condition: passed as an array, they were retained
    /// and released for every mention.
    func assertion(
        tokens: Range<Int>, mention: Int?, scopes: SentenceScopes, section: Int?, document: Document,
        inherited: [SentenceScopes.Trigger] = [], sectionDefaults known: [ContextRules.SectionDefault]? = nil
    ) -> Assertion {
        // `known`: the caller's `defaults(for: section)`, looked up once per sentence.
        let sectionDefaults = known ?? defaults(for: section.map { document.sections[$0].kind })
        // Most concepts have no cue in their sentence and no section default.
        if scopes.triggers.isEmpty && inherited.isEmpty && sectionDefaults.isEmpty { return Assertion() }
        var result = Assertion()
        var cues: [ContextTrigger] = []
        func record(_ trigger: SentenceScopes.Trigger) {
            if let record = scopes.record(trigger, in: document) { cues.append(record) }
        }
        func nearer(_ first: SentenceScopes.Trigger?, _ second: SentenceScopes.Trigger?) -> SentenceScopes.Trigger? {
            guard let first, let second else { return first ?? second }
            return second.distance(to: tokens) < first.distance(to: tokens) ? second : first
        }

        // Kinds neither the sentence nor a heading has (most of the seven or
        // eight asked about) are settled here, without a call per kind.
        let kindsAround = inherited.reduce(scopes.kindsPresent) { $0 | $1.kind.bit }
        func find(_ kind: TriggerKind) -> SentenceScopes.Trigger? {
            guard kindsAround & kind.bit != 0 else { return nil }
            if let own = scopes.trigger(kind, covering: tokens) { return own }
            guard let heading = inherited.first(where: { $0.kind == kind }) else { return nil }
            // The item's own cue on the same question wins ("Denies: - possible rash").
            let sameQuestion = TriggerKind.allCases.filter { $0 != .pseudo && $0 != kind && $0.group == kind.group }
            return sameQuestion.contains { scopes.trigger($0, covering: tokens) != nil } ? nil : heading
        }
        func recordSection() {
            guard let index = section else { return }
            let section = document.sections[index]
            let span = section.headerSpan ?? TextSpan(start: section.span.start, end: section.span.start)
            if !cues.contains(where: { $0.category == .sectionDefault }) {
                cues.append(ContextTrigger(text: section.title, span: span, category: .sectionDefault))
            }
        }
        let hypothetical = find(.hypothetical)
        let historical = find(.historical)
        let pastDefault = historical == nil && hypothetical == nil
            ? sectionDefaults.first { $0.kind == .historical } : nil

        if let negated = find(.negated) {
            // A resolution cue ("resolved") denies a current condition, but a
            // past ("history of pneumonia, resolved", a PMH item) or conditional
            // one ("once the infection has resolved") is only over, not denied.
            let isResolution = negated.isResolution
            // In a hospital course or discharge diagnosis list, "resolved" means
            // treated during this stay (section default `resolved`): still coded.
            let resolutionAffirms = sectionDefaults.contains { $0.kind == .resolved }
            if !isResolution
                || (historical == nil && hypothetical == nil && pastDefault == nil && !resolutionAffirms) {
                result.negation = .negated
                record(negated)
            }
        }
        if let hypothetical {
            result.certainty = .hypothetical
            record(hypothetical)
        } else if let possible = find(.possible) {
            result.certainty = .possible
            record(possible)
        }
        if let person = nearer(find(.family), find(.other)) {
            result.experiencer = person.kind == .family ? .family : .other
            record(person)
        }
        for entry in sectionDefaults {
            switch entry.kind {
            case .family, .other:
                if result.experiencer == .patient {
                    result.experiencer = entry.kind == .family ? .family : .other
                    recordSection()
                }
            case .possible, .hypothetical:
                if result.certainty == .certain && result.negation == .affirmed {
                    result.certainty = entry.kind == .possible ? .possible : .hypothetical
                    recordSection()
                }
            default:
                break
            }
        }

        // Time.
        let resolved = find(.resolved)
        var isPast = historical != nil
        var pastIsOngoing = false
        if let historical {
            record(historical)
        } else if let pastDefault {
            isPast = true
            pastIsOngoing = pastDefault.isOngoing
            recordSection()
        }
        if isPast {
            result.temporality = .historical
            // Over when a cue says so; still present when a cue says so or the
            // condition is chronic; otherwise a plain "history of" is over.
            if let resolved {
                result.isResolved = true
                record(resolved)
            } else if pastIsOngoing || result.experiencer != .patient || find(.ongoing) != nil {
                result.isResolved = false
            } else {
                result.isResolved = !isChronic(tokens: tokens, mention: mention, document: document)
            }
            if !result.isResolved && ongoingIsRecent && result.experiencer == .patient {
                result.temporality = .recent
            }
        }
        result.triggers = cues.count > 1 ? cues.sorted { $0.span < $1.span } : cues
        return result
    }

    /// The defaults of a section kind (none when nil).
    func defaults(for kind: SectionKind?) -> [ContextRules.SectionDefault] {
        guard let kind, !defaults.isEmpty else { return [] }
        return defaults[kind] ?? []
    }

    /// Whether the mention names a chronic condition (by code prefix or term).
    private func isChronic(tokens: Range<Int>, mention: Int?, document: Document) -> Bool {
        if let mention {
            for code in document.mentions[mention].codes where code.system == .icd10cm {
                if hasChronicPrefix(code.code) { return true }
            }
        }
        let words = tokens.clamped(to: document.tokens.indices)
        for start in words {
            guard let terms = chronicTerms[document.tokens[start].normalized] else { continue }
            for term in terms where start + term.count <= words.upperBound {
                var same = true
                for (offset, word) in term.enumerated() where document.tokens[start + offset].normalized != word {
                    same = false
                    break
                }
                if same { return true }
            }
        }
        return false
    }

    /// `chronicPrefixes.contains { code.hasPrefix($0) }`, comparing bytes
    /// where that is the same thing (printable ASCII on both sides: one
    /// byte is one character).
    private func hasChronicPrefix(_ code: String) -> Bool {
        let fast = code.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard let first = bytes.first, Self.isPrintableASCII(bytes) else { return nil }
            for prefix in asciiPrefixesByFirstByte[Int(first)] where prefix.count <= bytes.count {
                if prefix.indices.allSatisfy({ prefix[$0] == bytes[$0] }) { return true }
            }
            return false
        }
        guard let fast = fast ?? nil else { return chronicPrefixes.contains { code.hasPrefix($0) } }
        return fast || otherPrefixes.contains { code.hasPrefix($0) }
    }

    private static func isPrintableASCII<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

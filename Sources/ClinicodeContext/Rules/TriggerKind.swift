import ClinicodeCore

/// What a trigger phrase in `Lexicons/context/triggers.tsv` asserts.
///
/// Wider than `ContextCategory`: it adds `ongoing` (a past-onset condition
/// still present) and `pseudo` (a phrase that looks like a trigger but must
/// not fire, matched only so that it hides the shorter trigger inside it).
public enum TriggerKind: UInt8, Sendable, Hashable, CaseIterable {
    /// Denies existence ("no", "denies", "ruled out").
    case negated = 0
    /// Doubt ("possible", "r/o", "cannot rule out").
    case possible = 1
    /// Conditional or future ("if", "return for").
    case hypothetical = 2
    /// Past ("history of", "s/p").
    case historical = 3
    /// A past condition that is over ("resolved", "s/p mastectomy").
    case resolved = 4
    /// A past-onset condition still present ("on lisinopril", "controlled").
    case ongoing = 5
    /// A relative ("mother", "family history of").
    case family = 6
    /// Someone else ("his wife", "roommate").
    case other = 7
    /// Looks like a trigger, asserts nothing ("no increase", "gram negative").
    case pseudo = 8

    /// Number of kinds that carry a scope (every kind but `pseudo`).
    static let scopedCount = 8

    /// The name used in the lexicon files.
    public var lexiconName: String {
        switch self {
        case .negated: return "negated_existence"
        case .possible: return "possible_existence"
        case .hypothetical: return "hypothetical"
        case .historical: return "historical"
        case .resolved: return "resolved"
        case .ongoing: return "ongoing"
        case .family: return "family"
        case .other: return "other_experiencer"
        case .pseudo: return "pseudo"
        }
    }

    /// Parses a lexicon name.
    public init?(lexiconName: String) {
        guard let kind = Self.allCases.first(where: { $0.lexiconName == lexiconName }) else { return nil }
        self = kind
    }

    /// The category reported in `Assertion.triggers` (nil: not reported).
    var category: ContextCategory? {
        switch self {
        case .negated: return .negatedExistence
        case .possible: return .possibleExistence
        case .hypothetical: return .hypothetical
        case .historical: return .historical
        case .resolved: return .resolved
        case .family: return .family
        case .other: return .otherExperiencer
        case .ongoing, .pseudo: return nil
        }
    }

    /// Kinds that answer the same question; a trigger of another kind in the
    /// same group ends this kind's scope (existence, time, experiencer).
    var group: Int {
        switch self {
        case .negated, .possible, .hypothetical: return 0
        case .historical, .resolved, .ongoing: return 1
        case .family, .other: return 2
        case .pseudo: return 3
        }
    }

    /// Bit for this kind in a `KindMask`.
    var bit: UInt16 { 1 << UInt16(rawValue) }
}

/// Which way a trigger's scope runs from the trigger.
public enum ScopeDirection: UInt8, Sendable, Hashable {
    /// The concept follows the cue ("no fever").
    case forward = 0
    /// The concept precedes the cue ("fever was ruled out").
    case backward = 1
    /// Either side ("mother had cancer", "cancer in her mother").
    case both = 2

    /// Parses a lexicon name.
    init?(lexiconName: String) {
        switch lexiconName {
        case "forward": self = .forward
        case "backward": self = .backward
        case "both": self = .both
        default: return nil
        }
    }

    var reachesForward: Bool { self != .backward }
    var reachesBackward: Bool { self != .forward }
}

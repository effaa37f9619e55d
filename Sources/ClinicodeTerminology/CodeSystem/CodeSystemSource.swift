import ClinicodeCore

/// One code system described as data: its codes, the wording that names
/// them and the coding notes between them. ICD-10-CM is read from
/// `Lexicons/icd10cm/`; a user's CPT file becomes another source the same way.
public struct CodeSystemSource: Sendable {
    /// The level of a code in its system's hierarchy.
    public enum Kind: UInt8, Sendable, Hashable, Codable, CaseIterable {
        /// A chapter (`ch04`).
        case chapter
        /// A block of categories (`E08-E13`).
        case block
        /// A category (`E11`).
        case category
        /// A code below a category (`E11.22`), or a flat system's code.
        case code
        /// A 7th-character expansion of a code (`S52.501A`, `T07.XXXA`).
        case seventhCharacter
    }

    /// One code of the system.
    public struct Code: Sendable, Hashable {
        /// The code as coders write it (`E11.22`).
        public var code: String
        /// Its official title.
        public var title: String
        /// Whether it is valid on a claim.
        public var billable: Bool
        /// The enclosing code, if any.
        public var parent: String?
        /// Its level.
        public var kind: Kind

        /// Creates a code.
        public init(code: String, title: String, billable: Bool, parent: String? = nil, kind: Kind = .code) {
            self.code = code
            self.title = title
            self.billable = billable
            self.parent = parent
            self.kind = kind
        }
    }

    /// Wording other than the title that names a code.
    public struct Term: Sendable, Hashable {
        /// The code named.
        public var code: String
        /// The wording, as written.
        public var text: String
        /// `.inclusion` for the system's own inclusion terms, `.synonym` for curated ones.
        public var kind: MatchSource

        /// Creates a term.
        public init(code: String, text: String, kind: MatchSource) {
            self.code = code
            self.text = text
            self.kind = kind
        }
    }

    /// A coding instruction attached to a code.
    public struct Note: Sendable, Hashable {
        /// The code the note is written under.
        public var code: String
        /// Which instruction.
        public var kind: NoteKind
        /// The note's text.
        public var text: String
        /// The codes and ranges it cites.
        public var refs: [CodeRange]

        /// Creates a note.
        public init(code: String, kind: NoteKind, text: String, refs: [CodeRange]) {
            self.code = code
            self.kind = kind
            self.text = text
            self.refs = refs
        }
    }

    /// The system's name.
    public var id: CodeSystemID
    /// Every code, parents before or after children (order does not matter).
    public var codes: [Code]
    /// Inclusion terms and synonyms (titles come from `codes`).
    public var terms: [Term]
    /// Coding notes.
    public var notes: [Note]

    /// Creates a source.
    public init(id: CodeSystemID, codes: [Code], terms: [Term] = [], notes: [Note] = []) {
        self.id = id
        self.codes = codes
        self.terms = terms
        self.notes = notes
    }
}

/// The kinds of coding instruction a code can carry.
public enum NoteKind: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// Never code together with the cited codes.
    case excludes1
    /// Not included here, but may be coded together.
    case excludes2
    /// Sequence the cited underlying condition first.
    case codeFirst
    /// Add a cited code for more detail.
    case useAdditionalCode
    /// A cited code may also be needed.
    case codeAlso

    /// The name used in `notes.tsv`.
    public var name: String {
        switch self {
        case .excludes1: return "excludes1"
        case .excludes2: return "excludes2"
        case .codeFirst: return "code_first"
        case .useAdditionalCode: return "use_additional_code"
        case .codeAlso: return "code_also"
        }
    }

    /// Parses the `notes.tsv` name.
    public init?(name: String) {
        guard let kind = NoteKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

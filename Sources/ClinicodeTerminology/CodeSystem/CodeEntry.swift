import ClinicodeCore

/// What the ranker needs to know about one code: its place in the hierarchy,
/// whether it can be billed, and the coding notes that govern it.
public struct CodeEntry: Sendable, Hashable {
    /// The code.
    public var code: CodeReference
    /// Its system.
    public var system: CodeSystemID { code.system }
    /// Its official title.
    public var title: String
    /// Whether it is valid on a claim.
    public var billable: Bool
    /// Its level in the hierarchy.
    public var kind: CodeSystemSource.Kind
    /// The enclosing code (category, block or chapter), if any.
    public var parent: CodeReference?
    /// The codes directly below it, in code order.
    public var children: [CodeReference]
    /// Excludes1 refs of the code and its ancestors (never code together).
    public var excludes1: [CodeRange]
    /// Excludes2 refs of the code and its ancestors (not included here).
    public var excludes2: [CodeRange]
    /// "Code first" refs of the code and its ancestors.
    public var codeFirst: [CodeRange]
    /// "Use additional code" refs of the code and its ancestors.
    public var useAdditionalCode: [CodeRange]
    /// "Code also" refs of the code and its ancestors.
    public var codeAlso: [CodeRange]
    /// For a code that needs a 7th character: the extensions it takes.
    public var seventhCharacters: [SeventhCharacter]
    /// For a 7th-character extension: what its 7th character means.
    public var seventhCharacterMeaning: String?

    /// Creates an entry.
    public init(
        code: CodeReference, title: String, billable: Bool, kind: CodeSystemSource.Kind,
        parent: CodeReference?, children: [CodeReference], excludes1: [CodeRange] = [],
        excludes2: [CodeRange] = [], codeFirst: [CodeRange] = [], useAdditionalCode: [CodeRange] = [],
        codeAlso: [CodeRange] = [], seventhCharacters: [SeventhCharacter] = [], seventhCharacterMeaning: String? = nil
    ) {
        self.code = code
        self.title = title
        self.billable = billable
        self.kind = kind
        self.parent = parent
        self.children = children
        self.excludes1 = excludes1
        self.excludes2 = excludes2
        self.codeFirst = codeFirst
        self.useAdditionalCode = useAdditionalCode
        self.codeAlso = codeAlso
        self.seventhCharacters = seventhCharacters
        self.seventhCharacterMeaning = seventhCharacterMeaning
    }

    /// Whether an Excludes1 note of this code (or its ancestors) covers `other`.
    public func excludes1Covers(_ other: CodeReference) -> Bool {
        other.system == code.system && excludes1.contains { $0.contains(other.code) }
    }
}

/// One 7th character a code takes (`A` = initial encounter for closed fracture).
public struct SeventhCharacter: Sendable, Hashable {
    /// The character.
    public var character: Character
    /// Its meaning.
    public var meaning: String
    /// The full 7-character code.
    public var code: CodeReference

    /// Creates a record.
    public init(character: Character, meaning: String, code: CodeReference) {
        self.character = character
        self.meaning = meaning
        self.code = code
    }
}

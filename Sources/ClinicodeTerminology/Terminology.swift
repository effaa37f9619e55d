import ClinicodeCore
import ClinicodeText

/// Every code system the engine knows (ICD-10-CM, plus any user system such
/// as CPT) and the term index that finds their concepts in notes.
///
/// Built once from `Lexicons/` (`build`), stored in the model's
/// "terminology" section (`encode`), and loaded from flat arrays without
/// rebuilding dictionaries (`init(from:)`). Immutable, so it can be shared.
public struct Terminology: Sendable {
    /// The model-archive section that holds a terminology.
    public static let modelSection = "terminology"
    /// Format 4 aligns the large tables so they are used where the model is
    /// mapped (`TableArray`); format 3 is read too, its tables copied.
    static let formatVersion: UInt32 = 4
    static let unalignedFormatVersion: UInt32 = 3

    /// The tables, boxed so that copying a `Terminology` (into a closure,
    /// a helper) costs one retain instead of one per array.
    final class Storage: Sendable {
        let codes: CodeTable
        let vocabulary: Vocabulary
        let index: TermIndex
        let seventh: SeventhCharacterTable
        let abbreviations: AbbreviationTable

        init(codes: CodeTable, vocabulary: Vocabulary, index: TermIndex,
             seventh: SeventhCharacterTable, abbreviations: AbbreviationTable) {
            self.codes = codes
            self.vocabulary = vocabulary
            self.index = index
            self.seventh = seventh
            self.abbreviations = abbreviations
        }
    }

    let storage: Storage
    var codes: CodeTable { storage.codes }
    var vocabulary: Vocabulary { storage.vocabulary }
    var index: TermIndex { storage.index }
    var seventh: SeventhCharacterTable { storage.seventh }
    var abbreviations: AbbreviationTable { storage.abbreviations }

    init(codes: CodeTable, vocabulary: Vocabulary, index: TermIndex,
         seventh: SeventhCharacterTable, abbreviations: AbbreviationTable) {
        storage = Storage(codes: codes, vocabulary: vocabulary, index: index, seventh: seventh, abbreviations: abbreviations)
    }

    /// The code systems, in the order they were added (ICD-10-CM first).
    public var systems: [CodeSystemID] { codes.systems }

    /// Number of codes across all systems (chapters and blocks included).
    public var codeCount: Int { codes.count }

    /// Number of distinct lexicon terms in the index.
    public var termCount: Int { index.count }

    /// Number of distinct matching words.
    public var wordCount: Int { vocabulary.count }

    /// Every billable code of a system.
    public func billableCodes(in system: CodeSystemID) -> [CodeReference] {
        guard let systemIndex = codes.systems.firstIndex(of: system) else { return [] }
        return (0..<codes.count).filter { codes.systemIndex($0) == systemIndex && codes.isBillable($0) }
            .map(codes.reference)
    }

    /// The normalised text of a term, by the `Mention.termID` the matcher gave.
    public func termText(_ termID: Int) -> String? {
        index.texts.count > termID && termID >= 0 ? index.texts[termID] : nil
    }

    /// The codes a term names, best first, by `Mention.termID`.
    public func termCodes(_ termID: Int) -> [CodeReference] {
        guard termID >= 0, termID < index.count else { return [] }
        return index.codes[termID].map { codes.reference(TermIndex.code($0)) }
    }
}

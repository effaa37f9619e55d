/// The names of the sections a Clinicode model file holds, one per stage.
///
/// Each stage encodes and decodes its own section; the names are the only
/// thing the aggregate model and the archive have to agree on.
public enum ModelSection {
    /// Text rules (section headers, spelling variants, abbreviations).
    public static let text = "text"
    /// Code systems and the term index.
    public static let terminology = "terminology"
    /// Context (ConText) rules.
    public static let context = "context"
    /// Coding rules the ranker applies (from Lexicons).
    public static let rankingRules = "ranking.rules"
    /// Procedure rules (status cues, qualifiers), owned by ClinicodeProcedures.
    public static let procedures = ProcedureRules.modelSection
    /// Learned ranking statistics (empty for a zero-shot model).
    public static let rankingModel = "ranking.model"
    /// What the ranker works out per code from the terminology and the
    /// ranking rules (`CatalogTable`): derived, written with every model and
    /// optional when read.
    public static let rankingCatalog = "ranking.catalog"
    /// Versions and the fingerprint of the Lexicons the model was built from.
    public static let metadata = "meta"

    /// Every section, in the order the model writes them.
    public static let all = [metadata, text, terminology, context, rankingRules, procedures, rankingModel, rankingCatalog]
}

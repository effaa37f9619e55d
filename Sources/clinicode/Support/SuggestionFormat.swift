import ArgumentParser
import Clinicode

/// The output formats of `clinicode suggest`.
enum SuggestionFormat: String, CaseIterable, ExpressibleByArgument {
    /// A readable ranked table per note (the default).
    case table
    /// One JSON object per note per line, with evidence.
    case jsonl
    /// `id<TAB>rank<TAB>code<TAB>score<TAB>title`, one line per code.
    case tsv

    /// How much of each result the format prints: TSV prints codes only.
    var rankingDetail: RankingOptions.Detail { self == .tsv ? .codes : .full }

    /// The formatter that writes this format.
    func formatter(verbose: Bool) -> any SuggestionFormatter {
        switch self {
        case .table: return SuggestionFormatterTable()
        case .jsonl: return SuggestionFormatterJSONL()
        case .tsv: return SuggestionFormatterTSV()
        }
    }
}

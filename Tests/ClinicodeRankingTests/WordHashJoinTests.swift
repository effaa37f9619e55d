@testable import ClinicodeRanking
import Testing

/// Denied words are hashed text by text (`WordHash.titleWords(of:into:)`):
/// the words must be those of the texts joined by spaces, in order.
@Suite struct WordHashJoinTests {
    @Test func textsHashLikeTheirJoinedText() {
        let cases: [[String]] = [
            [], [""], ["perforation"], ["abscess", "gangrene"], ["heart failure", "", "coma,"],
            ["non-intractable", "w/o", "aura"], ["fébrile", "état"], ["  leading", "trailing  "],
        ]
        var joined: [UInt64] = [], apart: [UInt64] = [99]
        for texts in cases {
            WordHash.titleWords(texts.joined(separator: " "), into: &joined)
            WordHash.titleWords(of: texts, into: &apart)
            #expect(apart == joined, "\(texts)")
        }
    }

    /// Stems compare on their first six characters (as bytes for ASCII words,
    /// as characters otherwise); shorter words must be equal.
    @Test func deniedStemsMatchTitleWords() {
        #expect(WithoutClauseRule.contradicts(title: "Appendicitis with perforation", denied: ["perforated"]))
        #expect(!WithoutClauseRule.contradicts(title: "Appendicitis with abscess", denied: ["perforated"]))
        #expect(WithoutClauseRule.contradicts(title: "Sepsis with état fébrile", denied: ["fébriles"]))
        #expect(!WithoutClauseRule.contradicts(title: "Appendicitis with perforation", denied: ["perf"]))
    }
}

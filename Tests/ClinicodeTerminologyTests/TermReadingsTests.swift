import ClinicodeCore
import ClinicodeTerminology
import Testing

/// Mentions of a term share what depends on the term alone (`TermReadings`):
/// what they carry is still the term's own text and codes, and what depends
/// on the mention (its source through an abbreviation, a 7th character from
/// its sentence) is still its own.
@Suite("Term readings")
struct TermReadingsTests {
    /// A term's mention carries the term's text and its codes, whether or not the term was met before.
    @Test func mentionsCarryTheirTermsTextAndCodes() {
        let text = "Essential hypertension. Chronic obstructive pulmonary disease."
        for _ in 0..<2 {
            let mentions = TerminologyFixture.annotate(text).mentions
            #expect(mentions.count == 2)
            for mention in mentions {
                #expect(mention.term == TerminologyFixture.terminology.termText(mention.termID))
                var codes: [CodeReference] = []
                for code in TerminologyFixture.terminology.termCodes(mention.termID) where !codes.contains(code) {
                    codes.append(code)
                }
                #expect(mention.codes == codes)
            }
        }
    }

    /// A term met through its words, then through an abbreviation, then through its words again keeps each mention's source.
    @Test func sourceStaysTheMentionsOwn() throws {
        let plain = try #require(TerminologyFixture.annotate("Hypertension.").mentions.first)
        let abbreviated = try #require(TerminologyFixture.annotate("History: HTN.").mentions.first)
        let again = try #require(TerminologyFixture.annotate("Hypertension.").mentions.first)
        #expect(plain.termID == abbreviated.termID)
        #expect(abbreviated.source == .abbreviation)
        #expect(plain.source != .abbreviation)
        #expect(again.source == plain.source)
        #expect(abbreviated.codes == plain.codes && again.codes == plain.codes)
    }

    /// A term whose code takes a 7th character gets it from each sentence, note after note.
    @Test func seventhCharacterIsChosenAtEachMention() {
        let codes = ["initial", "subsequent", "initial"].map { encounter in
            TerminologyFixture.annotate("Left femur fracture, \(encounter) encounter.").mentions.flatMap { $0.codes.map(\.code) }
        }
        #expect(codes[0].contains("S72.92XA"))
        #expect(codes[1].contains("S72.92XD"))
        #expect(codes[2].contains("S72.92XA"))
    }
}

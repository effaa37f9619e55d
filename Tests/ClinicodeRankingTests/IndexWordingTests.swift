import ClinicodeCore
import ClinicodeRanking
import Testing

/// Wordings of translated case reports that the ICD-10-CM alphabetic index
/// codes, and ordinary English words that must not pass for an abbreviation.
@Suite struct IndexWordingTests {
    let fixture = RankingFixture.shared

    /// Index: Hyperbilirubinemia E80.7 (E80.6 only when constitutional).
    @Test func hyperbilirubinemiaIsTheUnspecifiedBilirubinDisorder() {
        #expect(fixture.rank("Assessment: Hyperbilirubinemia.").codes.first == "E80.7")
        #expect(fixture.rank("Assessment: Constitutional hyperbilirubinemia.").codes.first == "E80.6")
    }

    /// Hypochondrium is the upper quadrant and the iliac fossa the lower one
    /// (Index: Pain, abdominal, by quadrant); flank pain keeps its side.
    @Test func abdominalPainByRegionTakesTheQuadrant() {
        #expect(fixture.rank("Assessment: Pain in the right hypochondrium.").codes.first == "R10.11")
        #expect(fixture.rank("Assessment: Left iliac fossa pain.").codes.first == "R10.32")
        #expect(fixture.rank("Assessment: Pain in the left flank.").codes.first == "R10.A2")
    }

    /// Index: Pollakiuria R35.0; Choluria R82.2; Polyadenopathy -> R59.1.
    @Test func classicalSymptomNamesReachTheirCodes() {
        #expect(fixture.rank("Assessment: Pollakiuria.").codes.first == "R35.0")
        #expect(fixture.rank("Assessment: Choluria.").codes.first == "R82.2")
        #expect(fixture.rank("Assessment: Polyadenopathy.").codes.first == "R59.1")
    }

    /// "Tumoration" is a tumor: a named organ still gives the site.
    @Test func tumorationOfANamedOrganIsCodedBySite() {
        #expect(fixture.rank("Assessment: Hepatic tumoration.").codes.first == "D49.0")
    }

    /// "does", "hit", "aids" are English words; only the capitalised
    /// abbreviations (DOE, HIT, AIDS) are conditions.
    @Test func englishWordsAreNotAbbreviations() {
        let result = fixture.rank("She does well. He was hit by a car. He uses hearing aids.")
        #expect(!result.suggests(prefix: "R06"))
        #expect(!result.suggests(prefix: "D75.82"))
        #expect(!result.suggests(prefix: "B20"))
        #expect(fixture.rank("Assessment: AIDS.").codes.first == "B20")
        #expect(fixture.rank("Assessment: HIT.").codes.first == "D75.829")
    }
}

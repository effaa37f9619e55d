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

    /// Index: Polyneuropathy G62.9, Meningoencephalitis G04.90. A69.22 lists
    /// them as inclusions only as forms of Lyme disease (`context-bound-inclusions.tsv`).
    @Test func inclusionsOfALymeCodeNeedLymeDisease() {
        #expect(fixture.rank("Assessment: Polyneuropathy.").codes.first == "G62.9")
        #expect(fixture.rank("Assessment: Meningoencephalitis.").codes.first == "G04.90")
        #expect(!fixture.rank("Assessment: Cranial neuritis.").codes.contains("A69.22"))
        #expect(fixture.rank("Assessment: Lyme polyneuropathy.").codes.first == "A69.22")
    }

    /// Index: Glomerulonephritis N05.9. Its sibling N05.A (C3 glomerulonephritis)
    /// ends in the letter A but is no initial-encounter 7th character: the
    /// note's default encounter is no reason to widen to it.
    @Test func glomerulonephritisStaysUnspecified() {
        #expect(fixture.rank("Assessment: Glomerulonephritis.").codes.first == "N05.9")
        #expect(fixture.rank("Assessment: C3 glomerulonephritis.").codes.first == "N05.A")
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

    /// The tabular's NOS inclusion terms decide a bare word: metabolic
    /// acidosis NOS is E87.20, pyelonephritis NOS N12, uremia N19; a
    /// manifestation code (N16 "... in diseases classified elsewhere") is
    /// never the code of a bare condition.
    @Test func aBareConditionIsItsNOSCode() {
        #expect(fixture.rank("Assessment: Metabolic acidosis.").codes.first == "E87.20")
        let pyelonephritis = fixture.rank("Assessment: Pyelonephritis.").codes
        #expect(pyelonephritis.first == "N12")
        #expect(!pyelonephritis.contains("N16"))
        #expect(fixture.rank("Assessment: Acute pyelonephritis.").codes.first == "N10")
        #expect(fixture.rank("Assessment: Uremia.").codes.first == "N19")
    }

    /// Index: Smoker -> Dependence, drug, nicotine (F17.2-); packs are
    /// cigarettes (F17.21-); with no complication named, "uncomplicated".
    @Test func aSmokersPacksAreCigaretteDependence() {
        let shown = fixture.rank("SOCIAL HISTORY: She is a current smoker, 1 pack per day.", top: nil).codes
        #expect(shown == ["F17.210"])
        // "ppd" written in lower case in a smoking history is packs per day.
        #expect(fixture.rank("SOCIAL: Smokes 1 ppd x 40 years.").codes.first == "F17.210")
        #expect(fixture.rank("Assessment: Smokes cigarettes.").codes.first == "F17.210")
        // Pack-years count cigarettes too; the smoker is not also "unspecified" (F17.200).
        let packYears = fixture.rank("Assessment: Current smoker, 20 pack-years.", top: nil).codes
        #expect(packYears == ["F17.210"])
        #expect(fixture.rank("Assessment: Opioid dependence.").codes.first == "F11.20")
    }

    /// A tobacco use disorder is nicotine dependence, not "tobacco use"
    /// (Z72.0, which an Excludes1 note keeps apart from F17), and its own
    /// word "tobacco" does not make it chewing tobacco.
    @Test func tobaccoUseDisorderIsNicotineDependence() {
        let codes = fixture.rank("Assessment: Tobacco use disorder.").codes
        #expect(codes.first == "F17.200")
        #expect(!codes.contains("Z72.0"))
        #expect(!codes.contains { $0.hasPrefix("F17.22") })
    }

    /// A stated BMI chooses its Z68 range, whatever the words around it; a
    /// BMI with no value has no code (Z68.1 "19.9 or less" would be a guess).
    @Test func aStatedBMIValueChoosesItsRange() {
        #expect(fixture.rank("Assessment: Obesity. BMI: 32.4").codes.contains("Z68.32"))
        #expect(fixture.rank("Assessment: Morbid obesity, BMI of 42.7.").codes.contains("Z68.41"))
        #expect(fixture.rank("Assessment: Obesity, BMI 75.").codes.contains("Z68.45"))
        #expect(fixture.rank("Assessment: Underweight, BMI 17.5.").codes.contains("Z68.1"))
        let bare = fixture.rank("Assessment: Obesity. BMI.").codes
        #expect(!bare.contains { $0.hasPrefix("Z68") })
    }
}

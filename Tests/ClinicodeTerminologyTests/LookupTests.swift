import ClinicodeCore
import ClinicodeTerminology
import Testing

/// Phrases as clinicians write them, with the code a coder would pick.
/// Each expects that code among the first three lookup results.
@Suite("Phrase lookup")
struct LookupTests {
    static let cases: [(phrase: String, code: String)] = [
        // Combination codes and word order.
        ("type 2 diabetes with diabetic chronic kidney disease", "E11.22"),
        ("T2DM with CKD stage 3", "E11.22"),
        ("chronic kidney disease stage 3b", "N18.32"),
        ("acute on chronic systolic heart failure", "I50.23"),
        ("COPD exacerbation", "J44.1"),
        ("asthma with acute exacerbation", "J45.901"),
        ("major depressive disorder, recurrent, moderate", "F33.1"),
        ("migraine without aura", "G43.009"),
        ("nicotine dependence, cigarettes", "F17.210"),
        // Abbreviations.
        ("HTN", "I10"),
        ("afib", "I48.91"),
        ("CHF", "I50.9"),
        ("GERD", "K21.9"),
        ("UTI", "N39.0"),
        ("NSTEMI", "I21.4"),
        ("BPH", "N40.0"),
        ("DVT of the left femoral vein", "I82.412"),
        // British spellings and inflections.
        ("oesophageal reflux", "K21.9"),
        ("anaemia", "D64.9"),
        ("iron deficiency anaemia", "D50.9"),
        ("haemorrhoids", "K64.9"),
        ("fractured left femur", "S72.92XA"),
        // Laterality, anatomy adjectives, prepositions.
        ("fracture of left clavicle", "S42.002A"),
        ("osteoarthritis of the right knee", "M17.11"),
        ("cellulitis of left lower leg", "L03.116"),
        ("adenocarcinoma of the right upper lobe", "C34.11"),
        ("right hip fracture, subsequent encounter", "S72.001D"),
        // Plain diagnoses that default to the unspecified code.
        ("essential hypertension", "I10"),
        ("paroxysmal atrial fibrillation", "I48.0"),
        ("community acquired pneumonia", "J18.9"),
        ("hyperlipidemia", "E78.5"),
        ("hypothyroidism", "E03.9"),
        ("generalized anxiety disorder", "F41.1"),
        ("acute kidney injury", "N17.9"),
        ("obstructive sleep apnea", "G47.33"),
        ("morbid obesity", "E66.01"),
        ("low back pain", "M54.50"),
        ("sepsis due to E. coli", "A41.51"),
        ("nephrolithiasis", "N20.0"),
        ("pulmonary embolism", "I26.99"),
    ]

    @Test(arguments: cases)
    func codeIsAmongTheFirstThree(phrase: String, code: String) {
        let found = TerminologyFixture.lookup(phrase, top: 3)
        #expect(found.contains(code), "\(phrase) -> \(found)")
    }

    @Test func requiredExamplesRankFirst() throws {
        #expect(TerminologyFixture.lookup("type 2 diabetes with diabetic chronic kidney disease", top: 1) == ["E11.22"])
        let fracture = try #require(TerminologyFixture.lookup("left distal radius fracture, initial encounter", top: 1).first)
        #expect(fracture.hasPrefix("S52.5"))
        #expect(Array(fracture)[6] == "2", "left is 6th character 2: \(fracture)")
        #expect(fracture.hasSuffix("A"))
    }

    @Test func seventhCharacterFollowsTheWording() {
        #expect(TerminologyFixture.lookup("sequela of left distal radius fracture", top: 1).first?.hasSuffix("S") == true)
        #expect(TerminologyFixture.lookup("left distal radius fracture, subsequent encounter", top: 1).first?.hasSuffix("D") == true)
        #expect(TerminologyFixture.lookup("open fracture of left distal radius", top: 1).first?.hasSuffix("B") == true)
    }

    @Test func hitsAreBillableWithTitles() {
        let hits = TerminologyFixture.terminology.lookup("heart failure", analyzer: TerminologyFixture.analyzer, top: 10)
        #expect(!hits.isEmpty)
        for hit in hits {
            #expect(hit.billable)
            #expect(hit.title == TerminologyFixture.terminology.title(of: hit.code))
        }
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }

    @Test func phrasesWithoutKnownWordsFindNothing() {
        #expect(TerminologyFixture.lookup("", top: 5).isEmpty)
        #expect(TerminologyFixture.lookup("?!...", top: 5).isEmpty)
        #expect(TerminologyFixture.lookup("zzqxv", top: 5).isEmpty)
        #expect(TerminologyFixture.lookup("diabetes", top: 0).isEmpty)
    }
}

import ClinicodeCore
import ClinicodeTerminology
import Testing

@Suite("Term matcher")
struct MatcherTests {
    /// The codes of every mention, per mention, in text order.
    static func codes(_ text: String) -> [[String]] {
        TerminologyFixture.annotate(text).mentions.map { $0.codes.map(\.code) }
    }

    static func mentions(_ text: String, containing code: String) -> [Mention] {
        TerminologyFixture.annotate(text).mentions.filter { $0.codes.contains(TerminologyFixture.icd(code)) }
    }

    @Test func wordOrderAndPrepositionsDoNotMatter() {
        #expect(!Self.mentions("Fracture of the left femur.", containing: "S72.92XA").isEmpty)
        #expect(!Self.mentions("Left femoral fracture.", containing: "S72.92XA").isEmpty)
        #expect(!Self.mentions("He has a femur fracture on the left.", containing: "S72.92XA").isEmpty)
    }

    @Test func discontinuousMentionStaysWithinTheSentence() throws {
        let document = TerminologyFixture.annotate("Chronic obstructive pulmonary disease with an acute exacerbation.")
        let mention = try #require(document.mentions.first { $0.codes.contains(TerminologyFixture.icd("J44.1")) })
        #expect(document.surface(mention.span).hasPrefix("Chronic"))
        #expect(document.surface(mention.span).hasSuffix("exacerbation"))
        // The same words split over two sentences are two separate findings.
        #expect(Self.mentions("Chronic obstructive pulmonary disease. Acute exacerbation of asthma.", containing: "J44.1").isEmpty)
    }

    /// A term may not take its words from two items of a comma-separated
    /// list; it may read across a comma inside one item.
    @Test func listItemsAreNotReadAsOneTerm() {
        let list = "History of obstructive pulmonary disease, hypertension and diabetes."
        #expect(Self.mentions(list, containing: "I27.20").isEmpty)
        #expect(!Self.mentions(list, containing: "I10").isEmpty)
        #expect(Self.mentions("Estrogen receptor positive, HER2 negative.", containing: "Z17.1").isEmpty)
        #expect(Self.mentions("Cervical lymphadenopathy, left inguinal lymph node metastasis.", containing: "C77.0").isEmpty)
        // One item written inverted, a shared word, or a "with" phrase after the comma.
        #expect(!Self.mentions("Diabetes mellitus, type 2.", containing: "E11.9").isEmpty)
        #expect(!Self.mentions("Primary osteoarthritis, right knee.", containing: "M17.11").isEmpty)
        #expect(!Self.mentions("Urinary frequency, hesitancy.", containing: "R39.11").isEmpty)
        #expect(!Self.mentions("Bladder wall, with multiple diverticula.", containing: "N32.3").isEmpty)
        // A "without" clause qualifies its item: what follows the comma may still type it.
        #expect(!Self.mentions("Diabetic ketoacidosis without coma, type 1 diabetes.", containing: "E10.10").isEmpty)
    }

    /// One long sentence naming the same concepts again and again: every
    /// repeat is its own mention (the matcher looks a word's occurrences up
    /// by binary search, which must find all of them, not just the first).
    @Test func aSentenceRepeatingConceptsYieldsOneMentionPerRepeat() {
        let repeats = 2_000
        let text = Array(repeating: "pneumonia and anemia, unspecified", count: repeats).joined(separator: "; ") + "."
        let document = TerminologyFixture.annotate(text)
        #expect(document.sentences.count == 1)
        let pneumonia = document.mentions.filter { $0.codes.contains(TerminologyFixture.icd("J18.9")) }
        let anemia = document.mentions.filter { $0.codes.contains(TerminologyFixture.icd("D64.9")) }
        #expect(pneumonia.count == repeats)
        #expect(anemia.count == repeats)
        #expect(pneumonia.allSatisfy { document.surface($0.span) == "pneumonia" })
        #expect(Set(pneumonia.map(\.span.start)).count == repeats)
    }

    /// A note's repeated words are looked up once per note: every repeat,
    /// in any sentence and any case, still brings its own words and its
    /// abbreviation.
    @Test func wordsRepeatedAcrossSentencesMatchEveryTime() {
        let document = TerminologyFixture.annotate("HTN. Pneumonia. HTN and pneumonia. PNEUMONIA, HTN.")
        #expect(document.mentions.filter { $0.codes.contains(TerminologyFixture.icd("I10")) }.count == 3)
        #expect(document.mentions.filter { $0.codes.contains(TerminologyFixture.icd("J18.9")) }.count == 3)
        #expect(Set(document.mentions.map(\.sentence)) == [0, 1, 2, 3])
    }

    @Test func fillerWordsAreIgnored() {
        #expect(!Self.mentions("Anemia, unspecified.", containing: "D64.9").isEmpty)
        #expect(!Self.mentions("Pneumonia NOS.", containing: "J18.9").isEmpty)
    }

    /// "Other hypertension" (I1A) reduces to the wording of I10's inclusion
    /// term; a plain mention names the common code, not the residual one.
    @Test func residualCategoriesGiveWayToTheCodeNamingTheSameWords() {
        let codes = Self.codes("Hypertension.")
        #expect(codes.contains { $0.contains("I10") })
        #expect(!codes.contains { $0.contains("I1A") })
        #expect(!Self.codes("Pneumonia.").contains { $0.contains("J18.8") })
    }

    @Test func abbreviationsExpandWithTheirCase() throws {
        let document = TerminologyFixture.annotate("History: HTN and afib.")
        let sources = document.mentions.map(\.source)
        #expect(sources.allSatisfy { $0 == .abbreviation })
        #expect(document.mentions.contains { $0.codes.contains(TerminologyFixture.icd("I10")) })
        #expect(document.mentions.contains { $0.codes.contains(TerminologyFixture.icd("I48.91")) })
    }

    @Test func ambiguousAbbreviationsFollowTheirCues() {
        #expect(!Self.mentions("PE confirmed on CT angiography, started heparin.", containing: "I26.99").isEmpty)
        #expect(Self.mentions("PE: lungs clear, heart regular.", containing: "I26.99").isEmpty)
        #expect(Self.mentions("Physical exam:\nPE: unremarkable.", containing: "I26.99").isEmpty)
    }

    @Test func numbersQualifyTheirOwnWord() {
        let codes = Self.codes("Type 2 diabetes with CKD stage 3.").flatMap { $0 }
        #expect(codes.contains("N18.30"))
        #expect(!codes.contains("N18.2"))
    }

    @Test func seventhCharacterComesFromTheSentence() {
        #expect(!Self.mentions("Left femur fracture, initial encounter.", containing: "S72.92XA").isEmpty)
        #expect(!Self.mentions("Left femur fracture, subsequent encounter.", containing: "S72.92XD").isEmpty)
        #expect(!Self.mentions("Sequela of left femur fracture.", containing: "S72.92XS").isEmpty)
    }

    @Test func mentionsAreInTextOrderWithTokenRanges() {
        let document = TerminologyFixture.annotate("Hypertension. Asthma. Atrial fibrillation with RVR. Hypothyroidism.")
        #expect(document.mentions.count >= 4)
        #expect(document.mentions.map(\.span.start) == document.mentions.map(\.span.start).sorted())
        for mention in document.mentions {
            #expect(document.tokens[mention.tokens.lowerBound].span.start == mention.span.start)
            #expect(document.tokens[mention.tokens.upperBound - 1].span.end == mention.span.end)
            #expect(document.sentences[mention.sentence].tokens.contains(mention.tokens.lowerBound))
            #expect(mention.coverage == 1)
            #expect(TerminologyFixture.terminology.termText(mention.termID) == mention.term)
        }
    }

    /// An abbreviation is one unit: a term may not borrow one word of its
    /// expansion ("pulmonary" from COPD) and complete itself with the next
    /// list item, but may use all of it with words around it.
    @Test func abbreviationsLendTheirWholeExpansionOrNothing() {
        #expect(Self.mentions("Assessment: COPD, hypertension.", containing: "I27.20").isEmpty)
        #expect(!Self.mentions("Assessment: COPD, hypertension.", containing: "I10").isEmpty)
        #expect(!Self.mentions("Assessment: COPD, hypertension.", containing: "J44.9").isEmpty)
        #expect(!Self.mentions("DM type 2, well controlled.", containing: "E11.9").isEmpty)
    }

    /// A sign against a word is part of the term ("HR+" is Z17.41), so
    /// heart rate in the vitals ("HR 88") is no receptor status.
    @Test func signsAgainstWordsReadAsPositiveOrNegative() {
        #expect(TerminologyFixture.annotate("Vitals: HR 88, BP 120/80.").mentions.allSatisfy { !$0.codes.contains { $0.code.hasPrefix("Z17") } })
        #expect(!Self.mentions("Breast carcinoma, HR+ with HER2- status.", containing: "Z17.411").isEmpty)
    }

    @Test func longerTermWinsOverItsParts() {
        let document = TerminologyFixture.annotate("Acute on chronic systolic heart failure.")
        #expect(document.mentions.count == 1)
        #expect(document.mentions.first?.codes.first?.code == "I50.23")
    }

    @Test func retrievalFindsCodesWithoutAnExactTerm() throws {
        let document = TerminologyFixture.analyzer.analyze(id: "r", text: "Adenocarcinoma of the right upper lobe.")
        let hits = TerminologyFixture.terminology.retrieve(document, tokens: document.sentences[0].tokens, limit: 5)
        #expect(hits.prefix(3).contains { $0.code.code == "C34.11" })
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
        #expect(TerminologyFixture.terminology.idf(ofNormalizedWord: "adenocarcinoma") > TerminologyFixture.terminology.idf(ofNormalizedWord: "left"))
        #expect(TerminologyFixture.terminology.idf(ofNormalizedWord: "the") == 0)
    }
}

@Suite("Expanding codes in context")
struct BillableCodeTests {
    @Test func categoryExpandsByTheSentence() {
        let document = TerminologyFixture.analyzer.analyze(id: "b", text: "Fracture of the lower end of the left radius, subsequent encounter.")
        let tokens = document.sentences[0].tokens
        let code = TerminologyFixture.terminology.billableCode(for: TerminologyFixture.icd("S52.50"), in: document, tokens: tokens)
        #expect(code?.code == "S52.502D")
        let plain = TerminologyFixture.analyzer.analyze(id: "c", text: "Diabetes follow-up.")
        #expect(TerminologyFixture.terminology.billableCode(for: TerminologyFixture.icd("E11"), in: plain, tokens: plain.sentences[0].tokens)?.code == "E11.9")
        #expect(TerminologyFixture.terminology.billableCode(for: TerminologyFixture.icd("I10"), in: plain, tokens: plain.sentences[0].tokens)?.code == "I10")
    }
}

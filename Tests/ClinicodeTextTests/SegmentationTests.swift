import ClinicodeCore
import ClinicodeText
import Testing

@Suite("Sentences and sections")
struct SegmentationTests {
    static let note = """
        Patient: 67 y/o M seen by Dr. Smith on 03/14/2024.

        CHIEF COMPLAINT: Shortness of breath x3 days.

        HISTORY OF PRESENT ILLNESS:
        67 y/o male with h/o T2DM, HTN and COPD presents with worsening
        dyspnoea and bilateral leg oedema. He denies chest pain. He was started on
        furosemide 40 mg p.o. b.i.d. by his PCP, e.g. for fluid overload. Approx. 2.5 kg
        weight gain.

        PMH:
        1. Type 2 diabetes mellitus
        2. Hypertension
        3) COPD on home O2
        - s/p CABG 2015

        Family History: Mother with breast cancer. Father had MI at 60.
        Social History
        Former smoker, quit 2010. No alcohol.

        ROS: Negative except as in HPI.
        Physical Exam:
        BP 140/90, HR 88, T 37.2 C, SpO2 91% on RA.
        Lungs: crackles at bases bilaterally.
        CV: murmur: -
        Ext: + edema

        LABS
        BNP 1250. Cr 1.4.

        Assessment and Plan:
        1. Acute on chronic diastolic heart failure. Likely secondary to
        dietary indiscretion. Continue diuresis.
        2. T2DM - continue metformin 500mg.
        PE was ruled out last year.
        """

    @Test func sectionsOfARealisticNote() {
        let document = analyzer.analyze(id: "n", text: Self.note)
        #expect(document.sections.map(\.kind.rawValue) == [
            "none", "chief_complaint", "history_of_present_illness", "past_medical_history", "family_history",
            "social_history", "review_of_systems", "physical_exam", "labs", "assessment_and_plan",
        ])
        #expect(document.sections.map(\.title) == [
            "", "CHIEF COMPLAINT", "HISTORY OF PRESENT ILLNESS", "PMH", "Family History", "Social History", "ROS",
            "Physical Exam", "LABS", "Assessment and Plan",
        ])
        // Sections tile the whole text.
        #expect(document.sections.first?.span.start == 0)
        #expect(document.sections.last?.span.end == document.scalars.count)
        for (left, right) in zip(document.sections, document.sections.dropFirst()) {
            #expect(left.span.end == right.span.start)
            #expect(right.headerSpan.map { document.surface($0) } == right.title)
        }
    }

    @Test func sentencesOfARealisticNote() {
        let document = analyzer.analyze(id: "n", text: Self.note)
        let sentences = document.sentenceSurfaces
        let expected = [
            "Patient: 67 y/o M seen by Dr. Smith on 03/14/2024.",
            "CHIEF COMPLAINT:",
            "Shortness of breath x3 days.",
            "HISTORY OF PRESENT ILLNESS:",
            "67 y/o male with h/o T2DM, HTN and COPD presents with worsening\ndyspnoea and bilateral leg oedema.",
            "He denies chest pain.",
            "He was started on\nfurosemide 40 mg p.o. b.i.d. by his PCP, e.g. for fluid overload.",
            "Approx. 2.5 kg\nweight gain.",
            "PMH:",
            "1. Type 2 diabetes mellitus",
            "2. Hypertension",
            "3) COPD on home O2",
            "- s/p CABG 2015",
            "Family History:",
            "Mother with breast cancer.",
            "Father had MI at 60.",
            "Social History",
            "Former smoker, quit 2010.",
            "No alcohol.",
            "ROS:",
            "Negative except as in HPI.",
            "Physical Exam:",
            "BP 140/90, HR 88, T 37.2 C, SpO2 91% on RA.",
            "Lungs: crackles at bases bilaterally.",
            "CV: murmur: -",
            "Ext: + edema",
            "LABS",
            "BNP 1250.",
            "Cr 1.4.",
            "Assessment and Plan:",
            "1. Acute on chronic diastolic heart failure.",
            "Likely secondary to\ndietary indiscretion.",
            "Continue diuresis.",
            "2. T2DM - continue metformin 500mg.",
            "PE was ruled out last year.",
        ]
        #expect(sentences == expected)
        // Each sentence knows its section.
        let kinds = document.sentences.map { document.sections[$0.section].kind }
        #expect(kinds.first == SectionKind.none)
        #expect(kinds[4] == .historyOfPresentIllness)
        #expect(kinds[10] == .pastMedicalHistory)
        #expect(kinds.last == .assessmentAndPlan)
        // Sentences partition the tokens.
        var next = 0
        for sentence in document.sentences {
            #expect(sentence.tokens.lowerBound == next)
            next = sentence.tokens.upperBound
        }
        #expect(next == document.tokens.count)
    }

    @Test func headerAbbreviationInProseIsNotAHeader() {
        let document = analyzer.analyze(id: "p", text: "Workup for PE: negative.\nHistory of PE, on warfarin.\npe\nPlan is to discharge.")
        #expect(document.sections.map(\.kind) == [.none])
    }

    @Test func headersAreCaseInsensitiveWithAColon() {
        for text in ["hpi: cough", "Hpi: cough", "HPI : cough", "History Of Present Illness: cough"] {
            #expect(analyzer.analyze(id: "h", text: text).sections.map(\.kind) == [.historyOfPresentIllness], "\(text)")
        }
    }

    @Test func aloneOnItsLineNeedsHeadingCase() {
        #expect(analyzer.analyze(id: "a", text: "Plan\nDischarge home.").sections.map(\.kind) == [.plan])
        #expect(analyzer.analyze(id: "a", text: "PLAN\nDischarge home.").sections.map(\.kind) == [.plan])
        #expect(analyzer.analyze(id: "a", text: "plan\nDischarge home.").sections.map(\.kind) == [.none])
        #expect(analyzer.analyze(id: "a", text: "Past Medical History\nHTN").sections.map(\.kind) == [.pastMedicalHistory])
        #expect(analyzer.analyze(id: "a", text: "Past medical history\nHTN").sections.map(\.kind) == [.none])
    }

    @Test func runInHeadersAfterASentenceStartSections() {
        let document = analyzer.analyze(
            id: "r", text: "Family history: mother had breast cancer. Assessment: Hypertension. Plan: lisinopril.")
        #expect(document.sections.map(\.kind) == [.familyHistory, .assessment, .plan])
        #expect(document.sentenceSurfaces.last == "lisinopril.")
        let kinds = document.sentences.map { document.sections[$0.section].kind }
        #expect(kinds.contains(.assessment))
    }

    @Test func runInHeadersAfterAFullStopThatNormalisesToOne() {
        // A full-width full stop is no sentence end of its own, but its normalised form is ".".
        let document = analyzer.analyze(id: "r", text: "Mother had breast cancer\u{FF0E}Assessment: Hypertension.")
        #expect(document.sections.map(\.kind).contains(.assessment))
    }

    @Test func runInHeadersNeedACapitalAndAColon() {
        // Mid-sentence, lower case, or without a colon, the words are prose.
        for text in [
            "Mother had breast cancer. Assessment of the wound was done.",
            "Mother had breast cancer. assessment: stable.",
            "Mother had breast cancer, Assessment: stable.",
            "Mother had breast cancer. Plan to discharge.",
        ] {
            #expect(analyzer.analyze(id: "r", text: text).sections.map(\.kind) == [.none], "\(text)")
        }
    }

    /// `line-sections.txt`: a family-history header with its content on its
    /// line heads the sentences that begin on that line, a wrapped one whole.
    @Test func aFamilyHistoryLineHeadsOnlyItsLine() {
        let document = analyzer.analyze(
            id: "f", text: "Seen for weakness.\nFamily history: uncle with ALS. Mother with\nlupus.\nExamination showed a rash.\nPlan: review.")
        #expect(document.sections.map(\.kind) == [.none, .familyHistory, .none, .plan])
        let kinds = Dictionary(uniqueKeysWithValues: document.sentences.indices.map {
            (document.sentenceSurfaces[$0], document.sections[document.sentences[$0].section].kind)
        })
        #expect(kinds["uncle with ALS."] == .familyHistory)
        #expect(kinds["Mother with\nlupus."] == .familyHistory)
        #expect(kinds["Examination showed a rash."] == SectionKind.none)
        #expect(kinds["review."] == .plan)
        // Sections still tile the text.
        for (left, right) in zip(document.sections, document.sections.dropFirst()) { #expect(left.span.end == right.span.start) }
    }

    @Test func aRunInFamilyHistoryHeaderHeadsOneSentence() {
        let document = analyzer.analyze(id: "r", text: "He was admitted. Family history: mother with lupus. Examination showed a rash.")
        #expect(document.sections.map(\.kind) == [.none, .familyHistory, .none])
        #expect(document.sections[document.sentences.last!.section].kind == SectionKind.none)
    }

    @Test func aFamilyHistoryHeadingAloneOnItsLineHeadsItsLines() {
        for text in ["FAMILY HISTORY:\nMother with lupus.\nFather with gout.", "Family history:\nMother with lupus.\nFather with gout."] {
            let document = analyzer.analyze(id: "h", text: text)
            #expect(document.sections.map(\.kind) == [.familyHistory], "\(text)")
        }
        // Another kind's header with content on its line heads everything up to the next header.
        let social = analyzer.analyze(id: "s", text: "Social history: smoker.\nDrinks wine daily.")
        #expect(social.sections.map(\.kind) == [.socialHistory])
    }

    @Test func shortSocialAndFamilyHeadersStartTheirSections() {
        let document = analyzer.analyze(id: "s", text: "Social: former smoker.\nFamily: mother with breast cancer.")
        #expect(document.sections.map(\.kind) == [.socialHistory, .familyHistory])
    }

    @Test func britishHeaderSpellingsMatch() {
        #expect(analyzer.analyze(id: "b", text: "Paediatric History: none").sections.count == 1)
    }

    @Test func sentenceEdgeCases() {
        #expect(analyzer.analyze(id: "s", text: "Temp 37.5. Pulse 80.").sentenceSurfaces == ["Temp 37.5.", "Pulse 80."])
        #expect(analyzer.analyze(id: "s", text: "Seen by Dr.\nJones today.").sentenceSurfaces == ["Seen by Dr.\nJones today."])
        #expect(analyzer.analyze(id: "s", text: "He said (no pain.) Then left.").sentenceSurfaces
            == ["He said (no pain.)", "Then left."])
        #expect(analyzer.analyze(id: "s", text: "Fever? Yes! Cough.").sentenceSurfaces == ["Fever?", "Yes!", "Cough."])
        #expect(analyzer.analyze(id: "s", text: "Hypertension\nDiabetes\nAsthma").sentenceSurfaces
            == ["Hypertension", "Diabetes", "Asthma"])
        #expect(analyzer.analyze(id: "s", text: "one\n\ntwo").sentenceSurfaces == ["one", "two"])
        #expect(analyzer.analyze(id: "s", text: "Take 1 tab b.i.d. Return in 2 weeks.").sentences.count == 1)
        #expect(analyzer.analyze(id: "s", text: "Lives in the U.S. He smokes.").sentenceSurfaces
            == ["Lives in the U.S.", "He smokes."])
    }
}

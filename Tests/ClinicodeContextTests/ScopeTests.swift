import ClinicodeContext
import ClinicodeCore
import Testing

/// How far a cue reaches: lists, terminators, pseudo-triggers, sentences.
@Suite struct ScopeTests {
    @Test func commaSeriesIsNegatedWhole() {
        let text = "Denies fever, chills, or cough."
        for target in ["fever", "chills", "cough"] {
            #expect(Fixtures.assertion(of: target, in: text).negation == .negated, "\(target)")
        }
    }

    @Test func examListAfterHeadingIsNegatedWhole() {
        let text = "Extremities: No clubbing, cyanosis or edema."
        for target in ["clubbing", "cyanosis", "edema"] {
            #expect(Fixtures.assertion(of: target, in: text).negation == .negated, "\(target)")
        }
    }

    @Test(arguments: [
        ("No fever but reports a productive cough.", "productive cough"),
        ("Denies chest pain, however has dyspnea on exertion.", "dyspnea"),
        ("No pneumonia as the cause of his fever.", "fever"),
        ("No evidence of infection which explains the leukocytosis.", "leukocytosis"),
        ("No rash; joint pain present.", "joint pain"),
        ("No fever. Cough for three days.", "cough"),
        ("No edema, presents with chest pain.", "chest pain"),
    ])
    func terminatorsAndSentencesEndTheScope(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .affirmed)
    }

    @Test(arguments: [
        ("No increase in the size of the effusion.", "effusion"),
        ("Gram negative rods in the sputum.", "rods"),
        ("No change in the pleural effusion.", "pleural effusion"),
        ("He walks without difficulty despite knee pain.", "knee pain"),
        ("Not only hypertension but also diabetes.", "hypertension"),
    ])
    func pseudoTriggersDoNotFire(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .affirmed)
    }

    @Test func pseudoTriggerGivesWayToTheConceptItSwallows() {
        // The concept asked about starts inside the pseudo phrase "no change".
        let assertion = Fixtures.assertion(of: "change in vision", in: "No change in vision.")
        #expect(assertion.negation == .negated)
    }

    @Test func aDoubtEndsADenial() {
        let text = "No pneumonia, possible bronchitis."
        #expect(Fixtures.assertion(of: "pneumonia", in: text).negation == .negated)
        let bronchitis = Fixtures.assertion(of: "bronchitis", in: text)
        #expect(bronchitis.negation == .affirmed)
        #expect(bronchitis.certainty == .possible)
    }

    @Test func stackedCuesCombine() {
        let assertion = Fixtures.assertion(of: "colon cancer", in: "Denies family history of colon cancer.")
        #expect(assertion.negation == .negated)
        #expect(assertion.experiencer == .family)
    }

    @Test func scopeIsCappedInWords() {
        let filler = Array(repeating: "word", count: 40).joined(separator: " ")
        let assertion = Fixtures.assertion(of: "pneumonia", in: "No \(filler) pneumonia.")
        #expect(assertion.negation == .affirmed)
    }

    @Test func triggerSpanPointsAtTheCue() throws {
        let text = "The patient denies chest pain."
        let assertion = Fixtures.assertion(of: "chest pain", in: text)
        let trigger = try #require(assertion.triggers.first)
        #expect(trigger.text == "denies")
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[trigger.span.start..<trigger.span.end])) == "denies")
    }
}

/// Cues heading a bulleted or numbered list on the following lines.
@Suite struct ListHeadingTests {
    static let note = "ROS:\nDenies:\n- fever\n- chills\nNegative for:\n1. rash\n2. possible cough\n\n- headache\nReports:\n- nausea\n"

    @Test func headingCueReachesEveryItem() {
        for target in ["fever", "chills", "rash"] {
            let assertion = Fixtures.assertion(of: target, in: Self.note)
            #expect(assertion.negation == .negated, "\(target)")
            #expect(assertion.triggers.contains { $0.category == .negatedExistence })
        }
    }

    @Test func itemsOwnCueWinsAndBlankLineOrNewHeadingEndsTheList() {
        let cough = Fixtures.assertion(of: "cough", in: Self.note)
        #expect(cough.negation == .affirmed)
        #expect(cough.certainty == .possible)
        #expect(Fixtures.assertion(of: "headache", in: Self.note).negation == .affirmed)
        #expect(Fixtures.assertion(of: "nausea", in: Self.note).negation == .affirmed)
    }
}

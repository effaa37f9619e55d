import ClinicodeContext
import ClinicodeCore
import Testing

/// Section defaults and the resolved-versus-ongoing rule for past conditions.
@Suite struct SectionAndHistoryTests {
    @Test func familyHistorySectionMakesFamily() throws {
        let text = "Family History: breast cancer, hypertension.\nAssessment: chest pain."
        let assertion = Fixtures.assertion(of: "breast cancer", in: text)
        #expect(assertion.experiencer == .family)
        let cue = try #require(assertion.triggers.first { $0.category == .sectionDefault })
        #expect(cue.text.lowercased().contains("family history"))
        #expect(Fixtures.assertion(of: "chest pain", in: text).experiencer == .patient)
    }

    @Test func unknownUpperCaseHeadingEndsTheSectionDefault() {
        let text = "FAMILY HISTORY: Mother with asthma.\nSOCIAL: Lives with parents. Smoke exposure at home.\n"
        #expect(Fixtures.assertion(of: "asthma", in: text).experiencer == .family)
        #expect(Fixtures.assertion(of: "smoke exposure", in: text).experiencer == .patient)
    }

    @Test func pastMedicalHistorySectionMakesHistorical() {
        let text = "Past Medical History: appendicitis, hypertension.\nHPI: Cough for two days."
        let appendicitis = Fixtures.assertion(of: "appendicitis", in: text)
        #expect(appendicitis.temporality == .historical)
        #expect(appendicitis.isResolved)
        let hypertension = Fixtures.assertion(of: "hypertension", in: text)
        #expect(hypertension.temporality == .historical)
        #expect(!hypertension.isResolved)
        #expect(Fixtures.assertion(of: "cough", in: text).temporality == .recent)
    }

    @Test func sentenceTriggerOverridesSectionDefault() {
        let text = "Family History: Patient denies any family history of diabetes."
        let assertion = Fixtures.assertion(of: "diabetes", in: text)
        #expect(assertion.negation == .negated)
        #expect(assertion.experiencer == .family)
    }

    /// "Treated with" a drug says how a condition is managed, not that it is
    /// over: a chronic condition stays current, a past acute one stays resolved.
    @Test func treatedWithADrugDoesNotResolveTheCondition() {
        let chronic = Fixtures.assertion(of: "hypertension", in: "History of hypertension treated with enalapril.")
        #expect(chronic.temporality == .historical)
        #expect(!chronic.isResolved)
        let acute = Fixtures.assertion(of: "pneumonia", in: "History of pneumonia treated with amoxicillin.")
        #expect(acute.isResolved)
    }

    @Test func socialHistoryItemsStayCurrentUnlessGivenUp() {
        let smokes = Fixtures.assertion(of: "smokes", in: "Social History: smokes one pack per day.")
        #expect(!smokes.isResolved)
        let quit = Fixtures.assertion(of: "smoking", in: "Social History: quit smoking in 2010.")
        #expect(quit.temporality == .historical)
        #expect(quit.isResolved)
    }

    @Test(arguments: [
        ("h/o HTN, on lisinopril.", "HTN"),
        ("History of diabetes, on metformin.", "diabetes"),
        ("History of asthma.", "asthma"),
        ("Longstanding history of atrial fibrillation, well controlled.", "atrial fibrillation"),
    ])
    func ongoingPastConditionsAreNotResolved(text: String, target: String) {
        let assertion = Fixtures.assertion(of: target, in: text)
        #expect(assertion.temporality == .historical)
        #expect(!assertion.isResolved)
        #expect(assertion.label == "historical")
    }

    @Test(arguments: [
        ("History of breast cancer s/p mastectomy.", "breast cancer"),
        ("History of pneumonia, resolved.", "pneumonia"),
        ("History of Hodgkin lymphoma, in remission.", "Hodgkin lymphoma"),
        ("Remote history of kidney stones.", "kidney stones"),
        ("History of colon cancer treated with colectomy.", "colon cancer"),
        ("History of pneumonia.", "pneumonia"),
    ])
    func overPastConditionsAreResolved(text: String, target: String) {
        let assertion = Fixtures.assertion(of: target, in: text)
        #expect(assertion.temporality == .historical)
        #expect(assertion.isResolved)
        #expect(assertion.negation == .affirmed)
        #expect(assertion.label == "historical-resolved")
    }

    /// A procedure cue speaks of its own list item: it does not make the
    /// chronic conditions listed before it over.
    @Test(arguments: [
        "PMH: HTN, hyperlipidemia, s/p appendectomy.",
        "PMH: HTN, hyperlipidemia, appendectomy.",
        "Past medical history: HTN, hyperlipidemia, status post cholecystectomy 2015.",
    ])
    func procedureInAListDoesNotResolveItsNeighbours(text: String) {
        for target in ["HTN", "hyperlipidemia"] {
            let assertion = Fixtures.assertion(of: target, in: text)
            #expect(assertion.temporality == .historical, "\(target)")
            #expect(!assertion.isResolved, "\(target)")
        }
    }

    @Test func procedureStillResolvesItsOwnItem() {
        let text = "PMH: hypertension, breast cancer s/p lumpectomy."
        #expect(Fixtures.assertion(of: "breast cancer", in: text).isResolved)
        #expect(!Fixtures.assertion(of: "hypertension", in: text).isResolved)
    }

    @Test func currentSymptomThatResolvedIsDenied() {
        let assertion = Fixtures.assertion(of: "vomiting", in: "Her nausea and vomiting resolved.")
        #expect(assertion.negation == .negated)
        #expect(assertion.temporality == .recent)
    }

    @Test func durationOfPresentIllnessIsNotHistory() {
        let assertion = Fixtures.assertion(of: "fever", in: "She presents with a two-day history of fever.")
        #expect(assertion.temporality == .recent)
    }

    @Test func noHistoryOfIsDeniedPast() {
        let assertion = Fixtures.assertion(of: "seizures", in: "No history of seizures.")
        #expect(assertion.negation == .negated)
        #expect(assertion.temporality == .historical)
    }
}

import ClinicodeContext
import ClinicodeCore
import Testing

/// One behaviour per trigger category, checked through the public API.
@Suite struct TriggerCategoryTests {
    @Test(arguments: [
        ("No fever.", "fever"),
        ("Patient denies chest pain.", "chest pain"),
        ("Ambulates without dyspnea.", "dyspnea"),
        ("There is no evidence of pneumonia.", "pneumonia"),
        ("Negative for rash.", "rash"),
        ("CT fails to reveal a fracture.", "fracture"),
        ("Free of edema.", "edema"),
        ("Absence of murmurs.", "murmurs"),
        ("In no acute distress.", "acute distress"),
    ])
    func forwardNegationTriggersDeny(text: String, target: String) {
        let assertion = Fixtures.assertion(of: target, in: text)
        #expect(assertion.negation == .negated)
        #expect(assertion.triggers.contains { $0.category == .negatedExistence })
    }

    @Test(arguments: [
        ("Pulmonary embolism was ruled out.", "pulmonary embolism"),
        ("Blood cultures were negative.", "blood cultures"),
        ("Murmur not appreciated.", "murmur"),
        ("Fracture is not seen.", "fracture"),
        ("Pneumonia: no.", "pneumonia"),
    ])
    func postTriggersLookBack(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .negated)
    }

    @Test func affirmedMentionHasNoTriggers() {
        let assertion = Fixtures.assertion(of: "pneumonia", in: "Chest x-ray shows right lower lobe pneumonia.")
        #expect(assertion == Assertion())
        #expect(assertion.isAffirmedCurrentPatientFact)
    }

    @Test(arguments: [
        ("Possible pneumonia.", "pneumonia"),
        ("Findings are suspicious for malignancy.", "malignancy"),
        ("Rule out myocardial infarction.", "myocardial infarction"),
        ("r/o sepsis", "sepsis"),
        ("Appendicitis is unlikely.", "appendicitis"),
        ("Concern for deep vein thrombosis.", "deep vein thrombosis"),
    ])
    func doubtMakesPossible(text: String, target: String) {
        let assertion = Fixtures.assertion(of: target, in: text)
        #expect(assertion.certainty == .possible)
        #expect(assertion.negation == .affirmed)
    }

    @Test func doubleNegationIsDoubt() {
        for (text, target) in [
            ("Cannot rule out pneumonia.", "pneumonia"),
            ("Pneumonia cannot be excluded.", "pneumonia"),
            ("Infection has not been ruled out.", "infection"),
        ] {
            let assertion = Fixtures.assertion(of: target, in: text)
            #expect(assertion.negation == .affirmed, "\(text)")
            #expect(assertion.certainty == .possible, "\(text)")
        }
    }

    @Test(arguments: [
        ("Return to the ED if chest pain recurs.", "chest pain"),
        ("Call if you develop fever.", "fever"),
        ("Monitor for signs of bleeding.", "bleeding"),
        ("Should he develop shortness of breath, return immediately.", "shortness of breath"),
    ])
    func conditionalsAreHypothetical(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).certainty == .hypothetical)
    }

    @Test(arguments: [
        ("History of myocardial infarction.", "myocardial infarction"),
        ("h/o stroke in 2015.", "stroke"),
        ("Status post appendectomy.", "appendectomy"),
        ("Previous DVT.", "DVT"),
        ("Pneumonia 2 years ago.", "pneumonia"),
    ])
    func pastCuesMakeHistorical(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).temporality == .historical)
    }

    @Test(arguments: [
        ("Mother had breast cancer.", "breast cancer"),
        ("Family history of colon cancer.", "colon cancer"),
        ("Breast cancer in her maternal aunt.", "breast cancer"),
        ("Brother with type 1 diabetes.", "type 1 diabetes"),
    ])
    func relativesAreFamily(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).experiencer == .family)
    }

    @Test func otherPeopleAreOther() {
        #expect(Fixtures.assertion(of: "influenza", in: "His wife has influenza.").experiencer == .other)
    }

    @Test func familyScopeEndsAtThePatient() {
        let text = "Mother had diabetes and the patient has hypertension."
        #expect(Fixtures.assertion(of: "diabetes", in: text).experiencer == .family)
        #expect(Fixtures.assertion(of: "hypertension", in: text).experiencer == .patient)
    }

    @Test func companionsDoNotMakeFamilyMentions() {
        let assertion = Fixtures.assertion(of: "chest pain", in: "Accompanied by his wife, he reports chest pain.")
        #expect(assertion.experiencer == .patient)
    }
}

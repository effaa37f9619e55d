import ClinicodeContext
import ClinicodeCore
import Testing

/// Scopes that must end where a new statement starts, even when the
/// statement's first words belong to the concept asked about.
@Suite struct ConceptBoundaryTests {
    @Test(arguments: [
        ("No fever, with a history of pneumonia.", "history of pneumonia"),
        ("No allergies, and a history of asthma.", "history of asthma"),
        ("Denies chest pain, with a personal history of gout.", "personal history of gout"),
    ])
    func aTerminatorInsideTheConceptStillEndsTheDenial(text: String, target: String) {
        // The terminator ("with a history of") straddles the concept's first
        // word; the denial before it must still stop there.
        #expect(Fixtures.assertion(of: target, in: text).negation == .affirmed)
    }

    @Test(arguments: [
        ("No history of pneumonia.", "history of pneumonia"),
        ("Denies fever, chills, or a history of asthma.", "history of asthma"),
    ])
    func aDenialOfTheHistoryItselfStands(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .negated)
    }

    @Test(arguments: [
        ("Do not drink, smoker.", "smoker"),
        ("Does not drink alcohol, current smoker.", "current smoker"),
        ("No alcohol, smokes 1 pack per day.", "smokes"),
        ("Does not smoke, drinks socially.", "drinks"),
    ])
    func aHabitStatedAfterADeniedOneIsAffirmed(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .affirmed)
    }

    @Test(arguments: [
        ("Does not smoke, drink or use drugs.", "drugs"),
        ("Does not smoke, drink or use drugs.", "drink"),
        ("Not a smoker or drinker.", "smoker"),
        ("Denies alcohol, tobacco or drug use.", "tobacco"),
    ])
    func aDeniedListOfHabitsStaysDenied(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .negated)
    }

    @Test(arguments: [
        ("Hypertension, controlled with medication, and denied previous episodes of angina.", "Hypertension"),
        ("Hypertension without treatment, heart failure diagnosed 6 months ago.", "heart failure"),
        ("Treated with antibiotics without success, fever persisted.", "fever"),
        ("Chest X-ray showed cardiomegaly, not present on prior film.", "cardiomegaly"),
        ("No relevant history, consulted for dizziness.", "dizziness"),
        ("Without dysuria and accompanied by hematuria.", "hematuria"),
        ("No nausea, and the next day complained of abdominal pain.", "abdominal pain"),
        ("Denies fever, presents for cough.", "cough"),
    ])
    func aFindingStatedAfterADenialIsAffirmed(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .affirmed)
    }

    @Test(arguments: [
        ("Hypertension, controlled with medication, and denied previous episodes of angina.", "angina"),
        ("Cardiomegaly not present.", "Cardiomegaly"),
        ("Without dysuria or hematuria.", "hematuria"),
    ])
    func theDenialItselfStillHolds(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).negation == .negated)
    }

    @Test func aCoordinatedDenialEndsARelativesScope() {
        let assertion = Fixtures.assertion(of: "chest pain", in: "His mother has diabetes and denies chest pain.")
        #expect(assertion.negation == .negated)
        #expect(assertion.experiencer == .patient)
    }

    @Test(arguments: [
        "History of tachycardia in treatment with atenolol.",
        "History of tachycardia, under treatment with atenolol.",
        "History of tachycardia being treated with atenolol.",
    ])
    func aTreatmentStillGivenKeepsThePastConditionPresent(text: String) {
        let assertion = Fixtures.assertion(of: "tachycardia", in: text)
        #expect(assertion.temporality == .historical)
        #expect(!assertion.isResolved)
    }

    @Test func aPastTreatmentSaysNothing() {
        let assertion = Fixtures.assertion(of: "pneumonia", in: "History of pneumonia treated with antibiotics.")
        #expect(assertion.isResolved)
    }
}

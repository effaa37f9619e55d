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
}

import ClinicodeContext
import ClinicodeCore
import Testing

/// Historical cues and the scope limits that keep them from over-reaching.
@Suite struct HistoryCueTests {
    @Test(arguments: [
        ("He is admitted frequently for abdominal pain and bowel distention.", "bowel distention"),
        ("She has had multiple admissions for pancreatitis.", "pancreatitis"),
        ("Known coronary artery disease.", "coronary artery disease"),
        ("In the past she had pneumonia.", "pneumonia"),
        ("The drug made her nauseated the last time she had it.", "nauseated"),
        ("He is status post recent abdominal wall abscess and drainage.", "abdominal wall abscess"),
        ("Crohn disease, status post ileocecal resection.", "crohn disease"),
        ("She had a DEXA scan in the past, which showed osteoporosis.", "osteoporosis"),
        ("Lymph nodes, the sequelae of chronic renal disease.", "chronic renal disease"),
        ("Asthma since childhood, on inhalers.", "asthma"),
    ])
    func pastCuesMakeTheConceptHistorical(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).temporality == .historical)
    }

    @Test(arguments: [
        // ", with ..." after a history adds a current feature.
        ("History of gastrectomy for ulcer, with malnutrition and vomiting.", "malnutrition"),
        // A list item number starts a new item: the previous item's "s/p" stops there.
        ("1) Esophagitis s/p biopsy 2) Hiatal hernia 3) Gastritis", "hiatal hernia"),
    ])
    func historyScopeStopsAtANewFeatureOrItem(text: String, target: String) {
        #expect(Fixtures.assertion(of: target, in: text).temporality != .historical)
    }

    @Test func headingRunOnAfterAnEmptySectionEndsItsDefault() {
        let text = "PAST MEDICAL HISTORY:     PHYSICAL EXAM:    General Appearance: In acute distress."
        #expect(Fixtures.assertion(of: "acute distress", in: text).temporality == .recent)
        let listed = "PAST MEDICAL HISTORY:  Pneumonia, appendicitis."
        #expect(Fixtures.assertion(of: "appendicitis", in: listed).temporality == .historical)
    }

    @Test func upperCaseOccurrenceIsTheAnnotatedTarget() {
        let text = "Schizophrenia: the patient has a long history of SCHIZOPHRENIA."
        let document = Fixtures.analyzer.analyze(id: "t", text: text)
        let span = TargetLocator.locate("schizophrenia", in: document, analyzer: Fixtures.analyzer)
        #expect(span?.start == text.unicodeScalars.count - 14)
        #expect(Fixtures.assertion(of: "schizophrenia", in: text).temporality == .historical)
    }
}

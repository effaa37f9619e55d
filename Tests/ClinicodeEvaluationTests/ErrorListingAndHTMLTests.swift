import Testing
import ClinicodeCore
import ClinicodeEvaluation

/// The `--errors` listing and the HTML report, on a hand-made note.
@Suite struct ErrorListingAndHTMLTests {
    // Scalar offsets:  0         1         2         3         4         5
    //                  0123456789012345678901234567890123456789012345678901234
    static let text = "Pt has <b>HTN</b> & DM2; no pneumonia. Mother: asthma."
    static func evidence(_ start: Int, _ end: Int, _ assertion: String = "affirmed") -> Evidence {
        let scalars = Array(text.unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return Evidence(span: TextSpan(start: start, end: end), text: String(view), section: .none, assertion: assertion)
    }

    static let note = EvaluatedNote(id: "n<1>", text: text, result: NoteResult(
        id: "n<1>",
        suggestions: [
            CodeSuggestion(code: CodeReference(system: .icd10cm, code: "X10"), title: "Invented hypertension",
                           score: 0.9, billable: true, evidence: [evidence(10, 13)]),
            CodeSuggestion(code: CodeReference(system: .icd10cm, code: "X20.1"), title: "Invented <diabetes>",
                           score: 0.7, billable: true, evidence: [evidence(20, 23)], rationale: ["most specific child"]),
        ],
        excluded: [
            ExcludedCode(code: CodeReference(system: .icd10cm, code: "X30"), title: "Invented pneumonia",
                         reason: .negated, evidence: [evidence(28, 37, "negated")]),
            ExcludedCode(code: CodeReference(system: .icd10cm, code: "X40"), title: "Invented asthma",
                         reason: .family, evidence: [evidence(47, 53, "family")]),
        ]))

    static let report = Evaluator(options: EvaluationOptions(k: 10)).evaluate(
        gold: GoldStandard(text: "n<1>\tX10\nn<1>\tX50.2\n"),
        predictions: RankedPredictions([(document: "n<1>", codes: ["X10", "X20.1"])]))

    @Test func errorsListMissedAndSpuriousWithEvidence() {
        let listing = ErrorListing(report: Self.report, notes: [Self.note], titles: ["X502": "Invented missed"]).render()
        #expect(listing.contains("X50.2\t1\t0\t0\t0\t1"))
        #expect(listing.contains("missed: X50.2 \"Invented missed\" (not ranked)"))
        #expect(listing.contains("spurious: X20.1  Invented <diabetes>"))
        #expect(listing.contains("\"DM2\" [20-23] affirmed"))
        #expect(listing.contains("why: most specific child"))
        #expect(!listing.contains("spurious: X10"))
    }

    @Test func htmlEscapesEverythingAndMarksEvidence() {
        let html = HTMLReport(report: Self.report, notes: [Self.note], titles: ["X502": "A <missed> code"]).render()
        #expect(html.contains("<span class=\"miss\" title=\"A &lt;missed&gt; code\">"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Pt has &lt;b&gt;<mark class=\"tp\""))
        #expect(html.contains(">HTN</mark>&lt;/b&gt; &amp; "))
        #expect(html.contains("<mark class=\"fp\" title=\"X20.1 Invented &lt;diabetes&gt; (affirmed)\">DM2</mark>"))
        #expect(html.contains("<s class=\"neg\""))
        #expect(html.contains(">pneumonia</s>"))
        #expect(html.contains("<mark class=\"ex\""))
        #expect(html.contains("id=\"n&lt;1&gt;\""))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<diabetes>"))
        #expect(html.contains("class=\"bar bfn\""))
    }

    @Test func spansOutsideTheTextAreClippedNotFatal() {
        var note = Self.note
        note.text = "short"
        let html = HTMLReport(report: Self.report, notes: [note]).render()
        #expect(html.contains("short"))
    }
}

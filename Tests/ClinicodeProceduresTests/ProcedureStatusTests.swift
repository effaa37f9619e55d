import ClinicodeCore
import ClinicodeProcedures
import ClinicodeText
import Foundation
import Testing

/// Rules parsed once from Lexicons/procedures.
let procedureRules: ProcedureRules = {
    do { return try ProcedureRules(lexiconsDirectory: lexiconsDirectory, analyzer: analyzer) } catch {
        fatalError("cannot load procedure rules: \(error)")
    }
}()

/// The note analysed, with a mention over the `occurrence`-th appearance of `target`.
func mentionDocument(_ text: String, target: String, occurrence: Int = 0) -> (Document, Mention) {
    var document = analyzer.analyze(id: "t", text: text)
    var searchStart = text.startIndex
    var found = text.range(of: target, range: searchStart..<text.endIndex)
    for _ in 0..<occurrence {
        guard let current = found else { break }
        searchStart = current.upperBound
        found = text.range(of: target, range: searchStart..<text.endIndex)
    }
    guard let range = found else { fatalError("'\(target)' not in '\(text)'") }
    let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
    let end = start + target.unicodeScalars.count
    let tokens = document.tokens.indices.filter { document.tokens[$0].span.end > start && document.tokens[$0].span.start < end }
    let first = tokens.first!, last = tokens.last!
    let sentence = document.sentences.firstIndex { $0.tokens.contains(first) }!
    let mention = Mention(span: TextSpan(start: start, end: end), tokens: first..<(last + 1), sentence: sentence,
                          termID: 0, term: target.lowercased(), codes: [CodeReference(system: .cpt, code: "P0001")])
    document.mentions.append(mention)
    return (document, mention)
}

@Suite("Procedure status")
struct ProcedureStatusTests {
    let detector = ProcedureStatusDetector(rules: procedureRules.status)

    func performed(_ text: String, _ target: String, occurrence: Int = 0) -> (Bool, ContextTrigger?) {
        let (document, mention) = mentionDocument(text, target: target, occurrence: occurrence)
        return detector.isPerformed(mention, in: document)
    }

    @Test("not-performed cues before or after the procedure", arguments: [
        ("Colonoscopy was deferred given the patient's frailty.", "was deferred"),
        ("The patient declined colonoscopy.", "declined"),
        ("Colonoscopy refused by the patient.", "refused"),
        ("Colonoscopy CANCELLED - patient in sinus rhythm.", "CANCELLED"),
        ("Colonoscopy canceled because of poor prep.", "canceled"),
        ("Colonoscopy planned for next month.", "planned"),
        ("Colonoscopy recommended in 5 years.", "recommended"),
        ("Colonoscopy scheduled for 03/19/2025.", "scheduled"),
        ("She will undergo colonoscopy next week.", "will undergo"),
        ("Colonoscopy to be scheduled after cardiology clearance.", "to be scheduled"),
        ("Consider colonoscopy if anemia persists.", "Consider"),
        ("Colonoscopy was discussed.", "discussed"),
        ("Colonoscopy postponed until the infection clears.", "postponed"),
        ("Colonoscopy was not performed.", "was not performed"),
        ("He is a candidate for colonoscopy.", "candidate for"),
        ("Referred for colonoscopy.", "Referred for"),
        ("Colonoscopy was offered; the patient declined.", "offered"),
    ])
    func notPerformed(text: String, cue: String) {
        let (isPerformed, trigger) = performed(text, "olonoscopy")
        #expect(!isPerformed, "\(text)")
        #expect(trigger?.text == cue, "\(text)")
    }

    @Test("performed statements, and performed cues that win", arguments: [
        "Colonoscopy was performed without complication.",
        "The patient underwent colonoscopy.",
        "Colonoscopy was done under MAC.",
        "PROCEDURE PERFORMED: Colonoscopy with cold forceps biopsy.",
        "Colonoscopy completed to the cecum.",
        "Colonoscopy to the cecum; withdrawal time 11 minutes.",
        "Colonoscopy performed as planned.",
        "Colonoscopy aborted at the splenic flexure because of a tortuous colon.",
        "Colonoscopy could not be completed because of poor preparation.",
        "s/p colonoscopy with polypectomy.",
    ])
    func performedStatements(text: String) {
        let (isPerformed, trigger) = performed(text, "olonoscopy")
        #expect(isPerformed, "\(text)")
        #expect(trigger == nil)
    }

    @Test("the nearest cue wins within a sentence")
    func nearest() {
        let text = "Colonoscopy with biopsy was performed; repeat colonoscopy recommended in 5 years."
        #expect(performed(text, "Colonoscopy with biopsy").0)
        let (second, cue) = performed(text, "olonoscopy", occurrence: 1)
        #expect(!second)
        #expect(cue?.text == "recommended")
    }

    @Test("a terminator ends a cue's scope; cues in the next clause speak for themselves")
    func terminator() {
        #expect(!performed("Intravascular ultrasound was planned but not performed.", "Intravascular ultrasound").0)
        #expect(performed("Knee injection was discussed at length but the injection was performed today.", "injection", occurrence: 1).0)
    }

    @Test("a cue-only sentence speaks for the sentence before it")
    func elliptical() {
        let text = "Removal of the seborrheic keratoses was requested for cosmetic reasons. Not performed.\nShave biopsy done."
        let (isPerformed, cue) = performed(text, "Removal")
        #expect(!isPerformed)
        #expect(cue?.text == "Not performed")
        #expect(performed(text, "Shave biopsy").0)
    }

    @Test("procedures in the Plan default to not performed; a performed cue overrides")
    func planSection() {
        let text = "PROCEDURE: Colonoscopy with biopsy.\n\nPLAN:\nRepeat colonoscopy in 5 years.\nBiopsy results reviewed, x-ray completed today.\n"
        #expect(performed(text, "Colonoscopy with biopsy").0)
        let (repeatPerformed, cue) = performed(text, "Repeat colonoscopy")
        #expect(!repeatPerformed)
        #expect(cue?.category == .sectionDefault)
        #expect(performed(text, "x-ray").0)
    }

    @Test("a header can override its section kind's default")
    func treatmentHeader() {
        #expect(performed("TREATMENT:\nIncision and drainage of the abscess.\n", "Incision and drainage").0)
        #expect(!performed("PLAN:\nIncision and drainage next week.\n", "Incision and drainage").0)
    }

    @Test("the not-performed cue carries its category and span")
    func cueDetails() {
        let text = "Colonoscopy declined."
        let (document, mention) = mentionDocument(text, target: "Colonoscopy")
        let finding = detector.status(ofTokens: mention.tokens, sentence: mention.sentence, in: document)
        #expect(finding.status == .notPerformed)
        #expect(finding.cue?.category == .negatedExistence)
        #expect(finding.cue.map { document.surface($0.span) } == "declined")
        let (planned, plannedMention) = mentionDocument("Colonoscopy planned.", target: "Colonoscopy")
        #expect(detector.status(ofTokens: plannedMention.tokens, sentence: plannedMention.sentence, in: planned).cue?.category == .hypothetical)
    }

    @Test("rules survive the model file round trip")
    func roundTrip() throws {
        var writer = BinaryWriter()
        procedureRules.encode(to: &writer)
        let bytes = writer.bytes
        let decoded = try bytes.withUnsafeBytes { buffer -> ProcedureRules in
            var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
            return try ProcedureRules(from: &reader)
        }
        #expect(decoded == procedureRules)
        #expect(procedureRules.status.cues.count > 50)
        #expect(procedureRules.qualifiers["laparoscopic"] == "approach")
        #expect(procedureRules.procedureSystems == [.cpt])
    }

    @Test("malformed lexicon lines are reported with file and line")
    func malformed() throws {
        let folder = temporaryDirectory()
        try? FileManager.default.createDirectory(atPath: folder + "/procedures", withIntermediateDirectories: true)
        for name in ["terminators.tsv", "section-defaults.tsv", "settings.tsv", "qualifiers.tsv", "descriptor-stopwords.txt"] {
            let text = readText(lexiconsDirectory + "/procedures/" + name)
            _ = FileManager.default.createFile(atPath: folder + "/procedures/" + name, contents: Data(text.utf8))
        }
        _ = FileManager.default.createFile(atPath: folder + "/procedures/status-cues.tsv",
                                       contents: Data("deferred\tnot_performed\tboth\nplanned\tmaybe\tboth\n".utf8))
        #expect(throws: DataFileError.malformed(source: folder + "/procedures/status-cues.tsv", line: 2,
                                                reason: "status 'maybe' is not not_performed, performed or pseudo")) {
            try ProcedureRules(lexiconsDirectory: folder, analyzer: analyzer)
        }
    }
}

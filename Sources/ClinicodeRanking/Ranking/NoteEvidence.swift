import ClinicodeCore

/// Text supporting a code as the ranker keeps it while ranking: where it is,
/// the section it is in and the context's verdict, but not the text itself.
/// Every mention gives one and most never reach the output, so the String of
/// the note's text is made only for what is output (`evidence(in:)`).
///
/// Two items are equal exactly when the `Evidence` they make is: the text
/// is a function of the span, and one span lies in one section.
struct NoteEvidence: Hashable {
    /// Where it is (Unicode scalar offsets into the original text).
    var span: TextSpan
    /// Index of its section in `Document.sections`, or -1 for `SectionKind.none`
    /// (a note without sections, or a sentence index past the note's sentences).
    var section: Int
    /// The context stage's verdict (`Assertion.label`, a literal).
    var assertion: String

    /// Evidence for `span`, in the section of sentence `sentence`.
    init(span: TextSpan, sentence: Int, in document: Document, assertion: String) {
        self.span = span
        section = document.sections.isEmpty || sentence < 0 || sentence >= document.sentences.count
            ? -1 : document.sentences[sentence].section
        self.assertion = assertion
    }

    /// The evidence record as output gives it, with the span's original text.
    func evidence(in document: Document) -> Evidence {
        Evidence(span: span, text: text(in: document), section: sectionKind(in: document), assertion: assertion)
    }

    /// The span's original text.
    func text(in document: Document) -> String { SurfaceText.surface(of: span, in: document) }

    /// The kind of its section.
    func sectionKind(in document: Document) -> SectionKind {
        section >= 0 && section < document.sections.count ? document.sections[section].kind : .none
    }
}

/// The codes the collector and the coding rules leave out of a note, with
/// the reason (the first one met) and their evidence.
typealias ExcludedCodes = [CodeReference: (reason: ExclusionReason, evidence: [NoteEvidence])]

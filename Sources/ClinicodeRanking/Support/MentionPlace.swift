import ClinicodeCore

/// Where a mention stands: its sentence and its tokens, all that the rules
/// the collector asks per code read of it. A trivial value: the collector
/// reads it from the note's mentions in place, where handing the rules a
/// `Mention` copied it (retaining and releasing its term, codes and
/// assertion triggers) once per mention of every note.
struct MentionPlace {
    /// Index of the mention's sentence in `Document.sentences`.
    let sentence: Int
    /// The mention's token range in `Document.tokens`.
    let tokens: Range<Int>

    init(sentence: Int, tokens: Range<Int>) {
        self.sentence = sentence
        self.tokens = tokens
    }

    /// Where `mention` stands.
    init(_ mention: Mention) {
        self.init(sentence: mention.sentence, tokens: mention.tokens)
    }
}

import ClinicodeCore
@testable import ClinicodeTerminology
import Testing

/// The per-thread word cache of the matcher (`WordCache`) changes nothing
/// the matcher finds: a note matched again, words met in earlier notes, long
/// words, compounds, abbreviations and "without" give what looking every
/// word up afresh gives.
@Suite("Word cache")
struct WordCacheTests {
    static let text = """
        Type 2 diabetes mellitus with hyperglycemia, T2DM without complications. HR+ HER2- carcinoma.
        Tubulo-interstitial nephritis in a left-handed patient; COVID-19 pneumonia w/o hypoxia.
        Hepatosplenomegaly and pseudohypoparathyroidism, 2 2 two 2. Stage 3b CKD, left femur fracture.
        """

    /// Per token: its ids, abbreviation slot and "without" flag, and its word hash.
    static func lookedUp(_ document: Document, _ words: NoteWords) -> [([UInt32], Int?, Bool, UInt64)] {
        let hashes = words.tokenWordHashes()
        return document.tokens.indices.map { position in
            var ids: [UInt32] = []
            words.forEachID(at: position) { ids.append($0) }
            return (ids, words.abbreviationSlot(at: position), words.isWithout(at: position), hashes[position])
        }
    }

    /// Through the cache (empty, then filled by the same note) and without it, every token gets the same words.
    @Test func cachedWordsEqualFreshLookUps() {
        let terminology = TerminologyFixture.terminology
        let document = TerminologyFixture.analyzer.analyze(id: "cache", text: Self.text)
        let tokens = 0..<document.tokens.count
        let first = Self.lookedUp(document, NoteWords(document, tokens: tokens, terminology: terminology))
        let second = Self.lookedUp(document, NoteWords(document, tokens: tokens, terminology: terminology))
        let cache = WordCache.current
        cache.isBusy = true
        let fresh = Self.lookedUp(document, NoteWords(document, tokens: tokens, terminology: terminology))
        cache.isBusy = false
        #expect(first.count == fresh.count)
        for (position, token) in document.tokens.enumerated() {
            #expect(first[position].0 == fresh[position].0, "ids of \(token.normalized)")
            #expect(second[position].0 == fresh[position].0, "cached ids of \(token.normalized)")
            #expect(first[position].1 == fresh[position].1 && second[position].1 == fresh[position].1)
            #expect(first[position].2 == fresh[position].2 && second[position].2 == fresh[position].2)
            #expect(first[position].3 == fresh[position].3 && second[position].3 == fresh[position].3)
        }
        #expect(fresh.contains { $0.0.count > 1 }, "a compound has its parts' ids")
        #expect(fresh.contains { $0.2 }, "a without word is flagged")
        #expect(fresh.contains { $0.1 != nil }, "an abbreviation slot is found")
    }

    /// A note matched after others gives the mentions and word hashes it gave first.
    @Test func matchingAgainGivesTheSameResult() {
        let first = TerminologyFixture.annotate(Self.text)
        _ = TerminologyFixture.annotate("Chronic kidney disease stage 3. Hypertension. COPD exacerbation with fever.")
        let again = TerminologyFixture.annotate(Self.text)
        #expect(first.mentions == again.mentions)
        #expect(first.wordHashes == again.wordHashes)
        #expect(!first.mentions.isEmpty)
    }
}

import ClinicodeCore
import ClinicodeTerminology
import Testing

/// What the matcher hands the ranker besides its mentions: the ids of each
/// mention's codes and the hash of every word.
@Suite("Matcher handover")
struct MatcherHandoverTests {
    static let text = """
        Type 2 diabetes mellitus with hyperglycemia. Fracture of the left femur.
        Hypertension, COPD and fever. Left hemiparesis in a left-handed patient, stage 3b CKD.
        """

    /// Each of a mention's first codes carries its terminology id, the 7th-character
    /// extension the wording chose included; later codes carry none.
    @Test func mentionsCarryTheIDsOfTheirCodes() throws {
        let document = TerminologyFixture.annotate(Self.text)
        let terminology = TerminologyFixture.terminology
        #expect(document.mentions.count >= 5)
        #expect(document.mentions.contains { $0.codes.contains(TerminologyFixture.icd("S72.92XA")) })
        for mention in document.mentions {
            for (position, code) in mention.codes.enumerated() {
                let expected = position < Mention.CodeIDs.capacity ? terminology.codeID(of: code) : nil
                #expect(mention.codeIDs[position] == expected, "\(code) at \(position) of \(mention.term)")
                #expect(position >= Mention.CodeIDs.capacity || expected != nil)
            }
            #expect(mention.codeIDs[mention.codes.count] == nil)
        }
    }

    /// The ids are a cache beside the codes: they change neither equality nor hashing.
    @Test func codeIDsTakeNoPartInEquality() throws {
        let mention = try #require(TerminologyFixture.annotate(Self.text).mentions.first)
        #expect(mention.codeIDs[0] != nil)
        var bare = mention
        bare.codeIDs = Mention.CodeIDs()
        #expect(bare.codeIDs[0] == nil)
        #expect(bare == mention)
        #expect(bare.hashValue == mention.hashValue)
        var other = mention
        other.term += "x"
        #expect(other != mention)
    }

    @Test func codeIDsKeepTheirFirstThreeInOrder() {
        let ids = Mention.CodeIDs([7, 0, 12, 40])
        #expect((0..<4).map { ids[$0] } == [7, 0, 12, nil])
        var edited = ids
        edited[1] = nil
        edited[2] = -3
        #expect((0..<3).map { edited[$0] } == [7, nil, nil])
    }

    /// Every word and number token has its `NoteWordHash`, every other token 0.
    @Test func everyWordIsHashedOnce() {
        let document = TerminologyFixture.annotate(Self.text)
        #expect(document.wordHashes.count == document.tokens.count)
        for (token, hash) in zip(document.tokens, document.wordHashes) {
            if token.kind == .word || token.kind == .number {
                var word = token.normalized
                #expect(hash == word.withUTF8 { NoteWordHash.hash($0, namespace: NoteWordHash.word) }, "\(token.normalized)")
            } else {
                #expect(hash == 0)
            }
        }
    }

    /// Hashes of other tokens would be wrong: changing the tokens drops them.
    @Test func changingTheTokensDropsTheHashes() {
        var document = TerminologyFixture.annotate(Self.text)
        #expect(!document.wordHashes.isEmpty)
        document.tokens[0].normalized = "other"
        #expect(document.wordHashes.isEmpty)
    }
}

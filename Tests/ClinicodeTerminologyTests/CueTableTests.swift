import ClinicodeCore
@testable import ClinicodeTerminology
import Testing

/// The cue search's quick test (`AbbreviationTable.surelyLacks`) only ever
/// says "no" where comparing the bytes (`bytes(_:hasPrefix:)`) says "no".
@Suite("Cue table")
struct CueTableTests {
    static let words = [
        "", "c", "ch", "chest", "chests", "cheat", "chestpain", "chest-pain", "cardiac", "ct", "c\u{301}",
        "ché", "chés", "chestés", "x", "abcdefghijklmno", "abcdefghijklmnz", "abcdefgh", "abcdefg", "abcdefgz",
    ]

    @Test func quickTestAgreesWithTheByteComparison() throws {
        let tokenBytes = TokenBytes.current
        try #require(tokenBytes.hashesInline)
        let senses = Self.words.filter { !$0.isEmpty }.map { cue in
            AbbreviationTable.Sense(expansion: cue, wordIDs: [], cues: [[cue]], sections: [])
        }
        let entry = AbbreviationTable.Entry(words: ["x"], surfaces: ["x"], caseExact: false, senses: senses)
        let table = AbbreviationTable.CueTable(entries: [entry])
        let tokens = Self.words.map { Token(span: TextSpan(start: 0, end: 0), normalized: $0, kind: .word) }
        var ruledOut = 0
        tokens.withUnsafeBufferPointer { tokens in
            for (cue, sense) in senses.enumerated() {
                let head = table.head(of: table.cues(ofSense: table.senseID(entry: 0, sense: cue)).lowerBound)
                for position in tokens.indices {
                    let raw = tokenBytes.rawWords(of: tokens, at: position)
                    guard TokenBytes.isInline(raw), AbbreviationTable.surelyLacks(raw, head: head) else { continue }
                    ruledOut += 1
                    let answer = tokenBytes.withBytes(of: tokens, at: position) { word in
                        SentenceWords.withBytes(of: sense.expansion) { AbbreviationTable.bytes(word, hasPrefix: $0) }
                    }
                    #expect(answer == false, "\(Self.words[position]) against \(sense.expansion)")
                }
            }
        }
        #expect(ruledOut > 0)
    }
}

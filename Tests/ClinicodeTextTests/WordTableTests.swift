import ClinicodeText
import Testing

@Suite("Word table")
struct WordTableTests {
    static let words = ["no", "denies", "history", "of", "", "hyper-tension", "négation",
                        "a-very-long-cue-word-past-eight-bytes", "of", "family"]

    @Test("Every word finds its id; a repeat keeps the first")
    func ids() {
        let table = WordTable(Self.words)
        #expect(table.count == Self.words.count)
        for (position, word) in Self.words.enumerated() {
            #expect(table.id(of: word) == Int32(Self.words.firstIndex(of: word)!), "\(word) at \(position)")
        }
        #expect(table.id(of: "of") == 3)
    }

    @Test("Near misses are not found", arguments: [
        "on", "No", "deniez", "histor", "historyy", "hyper-tensio", "negation", "a-very-long-cue-word-past-eight-bytez",
        "a-very-long-cue-word-past-eight-byte", " ", "familyhistory",
    ])
    func misses(_ word: String) {
        #expect(WordTable(Self.words).id(of: word) == nil)
        #expect(!WordTable(Self.words).contains(word))
    }

    @Test("Byte lookups agree with string lookups, substrings of longer words included")
    func bytes() {
        let table = WordTable(Self.words)
        let text = Array("xxhistoryofdenies".utf8)
        text.withUnsafeBufferPointer { buffer in
            #expect(table.id(of: UnsafeBufferPointer(rebasing: buffer[2..<9])) == 2)
            #expect(table.id(of: UnsafeBufferPointer(rebasing: buffer[9..<11])) == 3)
            #expect(table.id(of: UnsafeBufferPointer(rebasing: buffer[11...])) == 1)
            #expect(table.id(of: UnsafeBufferPointer(rebasing: buffer[0..<9])) == nil)
        }
    }

    @Test("An empty table finds nothing; many words all stay findable")
    func sizes() {
        #expect(WordTable([]).id(of: "") == nil)
        #expect(WordTable([]).id(of: "no") == nil)
        let many = (0..<5000).map { "w\($0)" }
        let table = WordTable(many)
        #expect(many.indices.allSatisfy { table.id(of: many[$0]) == Int32($0) })
        #expect(table.id(of: "w5000") == nil)
    }
}

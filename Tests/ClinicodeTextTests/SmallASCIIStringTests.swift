import ClinicodeCore
import ClinicodeText
import Testing

@Suite("Inline ASCII strings")
struct SmallASCIIStringTests {
    private let inline = SmallASCIIString()

    /// The two machine words of a string, as a stage reads them in place.
    private func words(_ string: String) -> (UInt64, UInt64) {
        unsafeBitCast(string, to: (UInt64, UInt64).self)
    }

    @Test("Short ASCII strings read back as their bytes", arguments: ["a", "of", "denies", "abcdefgh", "abcdefghi", "abcdefghijklmno"])
    func readsBack(_ word: String) throws {
        try #require(inline.isAvailable)
        // Made at run time, as tokens' strings are (not literals).
        let made = String(decoding: Array(word.utf8), as: UTF8.self)
        let (low, high) = words(made)
        let read = try #require(inline.bytes(inline: low, high))
        #expect(read.count == word.utf8.count)
        var bytes: [UInt8] = []
        for index in 0..<read.count {
            let word = index < 8 ? read.low : read.high
            bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(8 * (index % 8))))
        }
        #expect(bytes == Array(word.utf8))
        #expect(inline.make(low: read.low, high: read.high, count: read.count) == word)
    }

    @Test("Long or non-ASCII strings are not read inline", arguments: ["abcdefghijklmnop", "ménière", "a longer phrase of words"])
    func refuses(_ word: String) {
        let made = String(decoding: Array(word.utf8), as: UTF8.self)
        let (low, high) = words(made)
        #expect(inline.bytes(inline: low, high) == nil)
    }

    @Test("Tokens' normalised forms are inline strings")
    func tokensAreInline() throws {
        try #require(inline.isAvailable)
        for token in analyzer.tokenize("Denies chest pain, fever; Hx of COPD.") {
            let (low, high) = words(token.normalized)
            let read = try #require(inline.bytes(inline: low, high))
            #expect(inline.make(low: read.low, high: read.high, count: read.count) == token.normalized)
        }
    }
}

import ClinicodeCore
import Testing

@Suite("Scalar decoding")
struct UnicodeScalarDecodingTests {
    @Test("Matches the standard library", arguments: [
        "", "abc", "Ménière", "🫀 heart", "ＭＥＮＩＥＲＥ", "a\u{301}", "\r\n\u{0}", "\u{FFFD}x", "日本語 テキスト", "𝔘𝔫𝔦",
    ])
    func matchesStandardLibrary(_ text: String) {
        #expect(text.unicodeScalarArray == Array(text.unicodeScalars))
    }

    @Test func bridgedAndLongStrings() {
        let long = String(repeating: "é🫀a", count: 10_000)
        #expect(long.unicodeScalarArray == Array(long.unicodeScalars))
        let substring = String(long.dropFirst(3))
        #expect(substring.unicodeScalarArray == Array(substring.unicodeScalars))
    }
}

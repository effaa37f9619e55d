/// What a code title's wording says about the code, read in one pass over
/// its UTF-8 bytes with ASCII letters lower-cased as they are compared: no
/// lowered copy, no Foundation, one scan instead of one per phrase (this runs
/// once for every code the ranker meets).
struct LoweredTitle {
    /// The title contains "unspecified" or "not specified" ("Weeks of gestation of
    /// pregnancy not specified", "..., not specified as recurrent").
    private(set) var saysUnspecified = false
    /// The title contains "with" (alone or starting "without", "within"...).
    private(set) var saysWith = false
    /// The title contains " with " (spaced, so not "without" nor "within").
    private(set) var saysSpacedWith = false
    /// The title contains "without".
    private(set) var saysWithout = false
    /// The title contains "without complication".
    private(set) var saysWithoutComplication = false
    /// The title contains "with unspecified".
    private(set) var saysWithUnspecified = false
    /// The title starts with "other ".
    private(set) var startsWithOther = false
    /// The title contains " other ".
    private(set) var saysSpacedOther = false
    /// The title contains "other specified".
    private(set) var saysOtherSpecified = false

    init(_ title: String) {
        var title = title
        title.withUTF8 { bytes in
            // Whether the (lower-case ASCII) phrase occurs at `start`.
            func phrase(_ phrase: StaticString, at start: Int) -> Bool {
                let count = phrase.utf8CodeUnitCount
                guard start + count <= bytes.count else { return false }
                return phrase.withUTF8Buffer { pattern in
                    for offset in 0..<count where Self.lowered(bytes[start + offset]) != pattern[offset] { return false }
                    return true
                }
            }
            // The next byte lowered (0 past the end): most phrase tests stop at it.
            func next(_ start: Int) -> UInt8 { start + 1 < bytes.count ? Self.lowered(bytes[start + 1]) : 0 }
            startsWithOther = phrase("other ", at: 0)
            for start in bytes.indices {
                switch Self.lowered(bytes[start]) {
                case UInt8(ascii: "u"):
                    if !saysUnspecified, next(start) == UInt8(ascii: "n"), phrase("unspecified", at: start) { saysUnspecified = true }
                case UInt8(ascii: "w"):
                    guard phrase("with", at: start) else { continue }
                    saysWith = true
                    if start > 0, bytes[start - 1] == UInt8(ascii: " "), start + 4 < bytes.count, bytes[start + 4] == UInt8(ascii: " ") {
                        saysSpacedWith = true
                    }
                    if phrase("without", at: start) {
                        saysWithout = true
                        if !saysWithoutComplication, phrase("without complication", at: start) { saysWithoutComplication = true }
                    } else if !saysWithUnspecified, phrase("with unspecified", at: start) {
                        saysWithUnspecified = true
                    }
                case UInt8(ascii: "n"):
                    if !saysUnspecified, next(start) == UInt8(ascii: "o"), phrase("not specified", at: start) { saysUnspecified = true }
                case UInt8(ascii: "o"):
                    if !saysOtherSpecified, next(start) == UInt8(ascii: "t"), phrase("other specified", at: start) { saysOtherSpecified = true }
                case UInt8(ascii: " "):
                    if !saysSpacedOther, next(start) == UInt8(ascii: "o"), phrase(" other ", at: start) { saysSpacedOther = true }
                default:
                    continue
                }
            }
        }
    }

    @inline(__always)
    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}

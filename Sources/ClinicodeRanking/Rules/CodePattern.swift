import ClinicodeCore

/// A set of codes written in rule files: comma-separated code prefixes (`C50`,
/// `N39.0`, `C`) or inclusive category ranges (`C15-C26`, compared on the
/// 3-character category).
struct CodePattern: Sendable, Hashable {
    /// One alternative of the pattern.
    enum Part: Sendable, Hashable {
        case prefix(String)
        case range(lower: String, upper: String)
    }

    /// The alternatives, any of which matches.
    let parts: [Part]
    /// The parts' bounds as bytes (patterns are ASCII), for `matches`.
    private let byteParts: [(first: [UInt8], last: [UInt8]?)]
    /// How specific the most specific alternative is (longer prefix = more specific);
    /// used to let the most specific rule win.
    let specificity: Int
    /// Bit `b & 63` of `firstBytes[b >> 6]` is set for each ASCII byte `b` a
    /// matching code can start with: most codes are ruled out on their first byte.
    let firstBytes: (UInt64, UInt64)

    /// Parses a pattern; `nil` when a part is malformed.
    init?(_ text: String) {
        // Rule files and models hold ASCII patterns: read as bytes, they need
        // none of Foundation's trimming or the Unicode property tables, whose
        // generic look-ups were most of the rules' load time.
        let parsed = Self.asciiParts(text) ?? Self.unicodeParts(text)
        guard let (parts, specificity) = parsed else { return nil }
        self.init(parts: parts, specificity: specificity)
    }

    /// The parts and specificity of an all-ASCII pattern (`nil` for any other
    /// text): what `unicodeParts` finds, worked out on the bytes. (For ASCII,
    /// the whitespace trimmed is space and tab, upper case is A-Z, a character
    /// is one byte.) Malformed ASCII text gives `.some(nil)`.
    static func asciiParts(_ text: String) -> (parts: [Part], specificity: Int)?? {
        var text = text
        return text.withUTF8 { bytes -> (parts: [Part], specificity: Int)?? in
            for byte in bytes where byte >= 0x80 { return nil }
            var parts: [Part] = []
            var specificity = 0
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                defer { start = end + 1 }
                // `split(separator:)` drops empty pieces.
                guard end > start else { continue }
                var (low, high) = (start, end)
                while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
                while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
                guard low < high else { return .some(nil) }
                var piece = [UInt8](bytes[low..<high])
                for index in piece.indices where piece[index] &- UInt8(ascii: "a") < 26 { piece[index] -= 0x20 }
                let dashes = piece.lazy.filter { $0 == UInt8(ascii: "-") }.count
                if dashes == 1, let dash = piece.firstIndex(of: UInt8(ascii: "-")) {
                    let lower = piece[..<dash], upper = piece[(dash + 1)...]
                    guard isCodeLike(ascii: lower), isCodeLike(ascii: upper) else { return .some(nil) }
                    parts.append(.range(lower: String(decoding: lower, as: UTF8.self), upper: String(decoding: upper, as: UTF8.self)))
                    specificity = max(specificity, min(lower.count, 3) - 1)
                } else if dashes == 0, isCodeLike(ascii: piece[...]) {
                    parts.append(.prefix(String(decoding: piece, as: UTF8.self)))
                    specificity = max(specificity, piece.count)
                } else {
                    return .some(nil)
                }
            }
            return .some(parts.isEmpty ? nil : (parts, specificity))
        }
    }

    /// `isCodeLike` for upper-cased ASCII bytes: a letter first, then letters, digits and dots.
    private static func isCodeLike(ascii bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, first &- UInt8(ascii: "A") < 26 else { return false }
        return bytes.allSatisfy { $0 &- UInt8(ascii: "A") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: ".") }
    }

    /// The parts and specificity of any pattern text (`nil` when malformed).
    static func unicodeParts(_ text: String) -> (parts: [Part], specificity: Int)? {
        var parts: [Part] = []
        var specificity = 0
        for raw in text.split(separator: ",") {
            let piece = raw.trimmingCharacters(in: .whitespaces).uppercased()
            guard !piece.isEmpty else { return nil }
            let ends = piece.split(separator: "-", omittingEmptySubsequences: false)
            if ends.count == 2 {
                let lower = String(ends[0]), upper = String(ends[1])
                guard CodePattern.isCodeLike(lower), CodePattern.isCodeLike(upper) else { return nil }
                parts.append(.range(lower: lower, upper: upper))
                // A range is about as specific as a single category.
                specificity = max(specificity, min(lower.count, 3) - 1)
            } else if ends.count == 1, CodePattern.isCodeLike(piece) {
                parts.append(.prefix(piece))
                specificity = max(specificity, piece.count)
            } else {
                return nil
            }
        }
        guard !parts.isEmpty else { return nil }
        return (parts, specificity)
    }

    private init(parts: [Part], specificity: Int) {
        self.parts = parts
        self.specificity = specificity
        var firstBytes: (UInt64, UInt64) = (0, 0)
        for part in parts {
            let low: UInt8, high: UInt8
            switch part {
            case .prefix(let start): (low, high) = (start.utf8.first!, start.utf8.first!)
            case .range(let lower, let upper): (low, high) = (lower.utf8.first!, upper.utf8.first!)
            }
            guard low <= high else { continue }
            for byte in low...high where byte < 0x80 {
                if byte < 64 { firstBytes.0 |= 1 << UInt64(byte) } else { firstBytes.1 |= 1 << UInt64(byte - 64) }
            }
        }
        self.firstBytes = firstBytes
        byteParts = parts.map { part in
            switch part {
            case .prefix(let start): return (Array(start.utf8), nil)
            case .range(let lower, let upper): return (Array(lower.utf8), Array(upper.utf8))
            }
        }
    }

    private static func isCodeLike(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isUppercase else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == ".") }
    }

    /// Whether `code` (upper case, dotted) falls under the pattern.
    func matches(_ code: String) -> Bool {
        // A code with an ASCII first byte outside every part's first bytes
        // cannot match (patterns are ASCII; a code is compared from its first byte).
        if let first = code.utf8.first, !Self.mayStart(with: first, firstBytes) { return false }
        // Patterns are ASCII (see `isCodeLike`); for an ASCII code, String
        // prefix and ordering are those of the bytes, compared without
        // Unicode-aware String machinery (the ranker asks this per rule and candidate).
        var code = code
        if let result = code.withUTF8({ bytes -> Bool? in
            for byte in bytes where byte >= 0x80 { return nil }
            return matches(asciiCode: bytes)
        }) {
            return result
        }
        for part in parts {
            switch part {
            case .prefix(let start):
                if code.hasPrefix(start) { return true }
            case .range(let lower, let upper):
                // Compare as many leading characters as the bounds give, so
                // `N18.5-N18.6` and `C15-C26` both work.
                let lowKey = code.prefix(lower.count), highKey = code.prefix(upper.count)
                if lowKey >= lower[...] && highKey <= upper[...] { return true }
            }
        }
        return false
    }

    /// `matches(_:)` for a code given as its bytes, all ASCII.
    func matches(asciiBytes code: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = code.first, !Self.mayStart(with: first, firstBytes) { return false }
        return matches(asciiCode: code)
    }

    /// False when `byte` is ASCII and not in the `firstBytes` mask.
    @inline(__always)
    static func mayStart(with byte: UInt8, _ firstBytes: (UInt64, UInt64)) -> Bool {
        guard byte < 0x80 else { return true }
        return (byte < 64 ? firstBytes.0 : firstBytes.1) & (1 << UInt64(byte & 63)) != 0
    }

    private func matches(asciiCode code: UnsafeBufferPointer<UInt8>) -> Bool {
        for (first, last) in byteParts {
            if let last {
                let lowKey = code.prefix(first.count), highKey = code.prefix(last.count)
                if !lowKey.lexicographicallyPrecedes(first) && !last.lexicographicallyPrecedes(highKey) { return true }
            } else if code.count >= first.count {
                var offset = 0
                while offset < first.count, code[offset] == first[offset] { offset += 1 }
                if offset == first.count { return true }
            }
        }
        return false
    }

    /// Equal when the parts are (the byte form derives from them).
    static func == (lhs: CodePattern, rhs: CodePattern) -> Bool {
        lhs.parts == rhs.parts && lhs.specificity == rhs.specificity
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(parts)
        hasher.combine(specificity)
    }

    /// The pattern written back in rule-file syntax (for encoding).
    var text: String {
        parts.map { part in
            switch part {
            case .prefix(let start): return start
            case .range(let lower, let upper): return "\(lower)-\(upper)"
            }
        }.joined(separator: ",")
    }
}

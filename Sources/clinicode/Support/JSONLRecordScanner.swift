/// Reads the `id` and `text` of a JSON Lines record in one pass over its
/// bytes, for the common record: a valid JSON object whose `id` (if any) is
/// a string, a plain integer or null, whose `text` is a string, and that
/// names neither twice.
///
/// Anything else (invalid JSON, other `id` types, numbers the scanner does
/// not read exactly as Foundation does, deep nesting, lone surrogates) makes
/// it answer nil, and `JSONLNoteParser` then parses the line with
/// `JSONSerialization`, whose results and errors stay the reference. Foundation
/// built a dictionary of every field for each note: 6% of a `--input jsonl`
/// run over the 2,751 background notes.
enum JSONLRecordScanner {
    /// A record's `id`, as the scanner read it.
    enum ID: Equatable {
        /// `"id": "..."`.
        case string(String)
        /// `"id": 123`, as written (an integer without sign tricks or leading zeros).
        case integer(String)
        /// `"id": null`.
        case null
    }

    /// The record's `id` (nil when it has none) and `text`, or nil when the
    /// line is not a record of the common shape.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, maxNesting: Int) -> (id: ID?, text: String)? {
        var scanner = Cursor(bytes: bytes, maxNesting: maxNesting)
        return scanner.record()
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxNesting: Int
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxNesting: Int) {
            self.bytes = bytes
            self.maxNesting = maxNesting
        }

        mutating func record() -> (id: ID?, text: String)? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var id: ID?, text: String?
            var sawID = false
            skipSpace()
            if !take(UInt8(ascii: "}")) {
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipSpace()
                    switch key {
                    case "id":
                        guard !sawID, let value = idValue() else { return nil }
                        sawID = true
                        id = value
                    case "text":
                        guard text == nil, peek == UInt8(ascii: "\""), let value = string() else { return nil }
                        text = value
                    default:
                        guard skipValue(depth: 1) else { return nil }
                    }
                    skipSpace()
                    if take(UInt8(ascii: ",")) { continue }
                    guard take(UInt8(ascii: "}")) else { return nil }
                    break
                }
            }
            skipSpace()
            guard position == bytes.count, let text else { return nil }
            return (id, text)
        }

        private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            position += 1
            return true
        }

        private mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        private mutating func idValue() -> ID? {
            switch peek {
            case UInt8(ascii: "\""): return string().map(ID.string)
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default:
                // Digits only, no leading zero, at most 18 of them: written as
                // Foundation's NSNumber would write it back.
                let start = position
                while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
                let count = position - start
                guard count > 0, count <= 18, count == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
                if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    return nil
                }
                return .integer(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
            }
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return false }
            position += count
            return true
        }

        /// Skips one value of a field the record does not need.
        private mutating func skipValue(depth: Int) -> Bool {
            switch peek {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maxNesting else { return false }
                let close = peek == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                position += 1
                skipSpace()
                if take(close) { return true }
                while true {
                    skipSpace()
                    if isObject {
                        guard peek == UInt8(ascii: "\""), string() != nil else { return false }
                        skipSpace()
                        guard take(UInt8(ascii: ":")) else { return false }
                        skipSpace()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipSpace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(close)
                }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default:
                return skipNumber()
            }
        }

        /// A number of up to 15 digits without an exponent: larger ones
        /// Foundation may read differently (or refuse), so those fall back.
        private mutating func skipNumber() -> Bool {
            _ = take(UInt8(ascii: "-"))
            var digits = 0
            let start = position
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1; digits += 1 }
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return false }
            if take(UInt8(ascii: ".")) {
                var fraction = 0
                while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1; fraction += 1 }
                guard fraction > 0 else { return false }
                digits += fraction
            }
            if let byte = peek, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
            return digits <= 15
        }

        /// A string at the cursor, decoded; nil if it is not valid JSON
        /// (unescaped control characters, bad escapes, lone surrogates) or
        /// not valid UTF-8.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            // Most strings have no escapes: their bytes are the string.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let value = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return value
                }
                if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
                if byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// The rest of a string with escapes, decoded into a buffer.
        private mutating func escapedString(from start: Int) -> String? {
            var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escape = peek else { return nil }
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        decoded.append(contentsOf: String(Character(scalar)).utf8)
                    default: return nil
                    }
                case 0..<0x20:
                    return nil
                default:
                    decoded.append(byte)
                }
            }
            return nil
        }

        /// The scalar of a `\uXXXX` escape (the `\u` read), joining a
        /// surrogate pair; nil for a lone surrogate or bad hex.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let first = hex4() else { return nil }
            switch first {
            case 0xD800..<0xDC00:
                guard literal("\\u"), let second = hex4(), (0xDC00..<0xE000).contains(second) else { return nil }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            case 0xDC00..<0xE000:
                return nil
            default:
                return Unicode.Scalar(first)
            }
        }

        private mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
                position += 1
            }
            return value
        }
    }
}

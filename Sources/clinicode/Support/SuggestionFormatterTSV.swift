import Clinicode

/// `id<TAB>rank<TAB>code<TAB>score<TAB>title`, one line per suggested code,
/// ranks from 1, no header: the shape scoring scripts read.
struct SuggestionFormatterTSV: SuggestionFormatter {
    func format(_ result: NoteResult) -> String {
        String(decoding: formatUTF8(result), as: UTF8.self)
    }

    func formatUTF8(_ result: NoteResult) -> [UInt8] {
        guard !result.suggestions.isEmpty else { return [] }
        var id = Self.field(result.id)
        // The lines' UTF-8 in one byte buffer, handed to the sink as it is,
        // written through a pointer into storage sized once for the longest
        // the lines can be: appending each field (a generic append of a
        // string's UTF-8 view, about 190 instructions) cost more than the
        // bytes it copied. A title is copied first and then screened where it
        // landed (`isPlain`); the rare title with a control or non-ASCII byte
        // is rewritten there by `field`, which never lengthens it.
        return id.withUTF8 { id in
            result.suggestions.withUnsafeBufferPointer { suggestions in
                var capacity = 0
                for suggestion in suggestions {
                    // id, rank, code, score, title, four tabs and a newline; a rank
                    // has at most 20 digits, a score (`ScoreText`) at most 17 bytes.
                    capacity += id.count + 20 + suggestion.code.code.utf8.count + 17 + suggestion.title.utf8.count + 5
                }
                return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                    var out = buffer.baseAddress!
                    for (index, suggestion) in suggestions.enumerated() {
                        out = Self.copy(id, to: out)
                        out.pointee = UInt8(ascii: "\t")
                        out = ScoreText.writeDecimal(index + 1, to: out + 1)
                        out.pointee = UInt8(ascii: "\t")
                        out = Self.copy(suggestion.code.code, to: out + 1)
                        out.pointee = UInt8(ascii: "\t")
                        out = ScoreText.write(suggestion.score, to: out + 1)
                        out.pointee = UInt8(ascii: "\t")
                        let titleStart = out + 1
                        out = Self.copy(suggestion.title, to: titleStart)
                        if !Self.isPlain(UnsafeRawBufferPointer(start: titleStart, count: out - titleStart)) {
                            out = Self.copy(Self.field(suggestion.title), to: titleStart)
                        }
                        out.pointee = UInt8(ascii: "\n")
                        out += 1
                    }
                    initialized = out - buffer.baseAddress!
                }
            }
        }
    }

    /// Copies a string's UTF-8 to `out`; returns the byte after it.
    private static func copy(_ value: String, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var value = value
        return value.withUTF8 { bytes in copy(bytes, to: out) }
    }

    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard let base = bytes.baseAddress else { return out }
        out.update(from: base, count: bytes.count)
        return out + bytes.count
    }

    /// Whether bytes hold no control byte (below 0x20) and no non-ASCII one,
    /// tested eight at a time: such a field needs no rewriting by `field`.
    static func isPlain(_ field: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        var flags: UInt64 = 0
        while offset + 8 <= field.count {
            let word = field.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A byte below 0x20 or from 0x80 sets its top bit here (no byte
            // below 0x20: no borrow between bytes, each byte's own test).
            flags |= (word &- 0x2020_2020_2020_2020) | word
            offset += 8
        }
        while offset < field.count {
            flags |= UInt64((field[offset] &- 0x20) | field[offset])
            offset += 1
        }
        return flags & 0x8080_8080_8080_8080 == 0
    }

    func formatFailure(id: String?, line: Int?, message: String) -> String? { nil }

    /// A value with tabs and line breaks turned into spaces, so it stays one field.
    static func field(_ value: String) -> String {
        // Byte pre-check: a tab or newline character (\t, \n, \r, VT, FF,
        // U+0085, U+2028, U+2029) needs a byte 0x09...0x0D, 0xC2 or 0xE2.
        // Over the contiguous bytes when there are any (a generic UTF-8 view
        // iteration cost more than the rest of the line).
        func mayBreak(_ byte: UInt8) -> Bool { byte &- 0x09 < 5 || byte == 0xC2 || byte == 0xE2 }
        let needsCheck = value.utf8.withContiguousStorageIfAvailable { $0.contains(where: mayBreak) }
            ?? value.utf8.contains(where: mayBreak)
        guard needsCheck else { return value }
        guard value.contains(where: { $0 == "\t" || $0.isNewline }) else { return value }
        return String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}

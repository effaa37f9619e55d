import ClinicodeCore

/// The word ids found in one stretch of a note (a sentence, a phrase):
/// each token's own id (and its hyphen/slash parts), plus the ids of the
/// expansion of any abbreviation resolved there, sorted by id so the
/// matcher can find a word's occurrences by binary search.
struct SentenceWords {
    struct Occurrence {
        var id: UInt32
        /// First token the occurrence covers.
        var token: Int32
        /// Last token it covers (later than `token` for "a fib"-like abbreviations).
        var last: Int32
        /// Whether it came from an abbreviation's expansion.
        var abbreviation: Bool
    }

    private(set) var occurrences: [Occurrence] = []

    /// Collects the words of `tokens` in `document`.
    init(_ document: Document, tokens range: Range<Int>, section: SectionKind, terminology: Terminology) {
        occurrences.reserveCapacity(range.count + 4)
        let vocabulary = terminology.vocabulary
        for position in range {
            let token = document.tokens[position]
            guard token.kind == .word || token.kind == .number else { continue }
            var normalized = token.normalized
            let here = Int32(position)
            normalized.withUTF8 { bytes in
                if let id = vocabulary.id(of: bytes) {
                    occurrences.append(Occurrence(id: id, token: here, last: here, abbreviation: false))
                }
                // Compounds also count by their parts ("tubulo-interstitial", "COVID-19").
                var start = 0
                var hasSeparator = false
                for offset in 0...bytes.count {
                    let atEnd = offset == bytes.count
                    if atEnd || bytes[offset] == 0x2d || bytes[offset] == 0x2f {
                        if !atEnd { hasSeparator = true }
                        if hasSeparator, offset > start,
                           let id = vocabulary.id(of: UnsafeBufferPointer(rebasing: bytes[start..<offset])) {
                            occurrences.append(Occurrence(id: id, token: here, last: here, abbreviation: false))
                        }
                        start = offset + 1
                    }
                }
            }
            if token.kind == .word {
                let abbreviations = terminology.abbreviations
                let matches = abbreviations.matches(at: position, in: document, end: range.upperBound)
                if let longest = matches.first?.length {
                    let entries = matches.filter { $0.length == longest }.map(\.entry)
                    if let sense = abbreviations.sense(of: entries, at: position, sentence: range, in: document, section: section) {
                        let last = Int32(position + longest - 1)
                        for id in sense.wordIDs {
                            occurrences.append(Occurrence(id: id, token: here, last: last, abbreviation: true))
                        }
                    }
                }
            }
        }
        occurrences.sort { ($0.id, $0.token) < ($1.id, $1.token) }
    }

    /// The occurrences of a word id.
    @inline(__always)
    func range(of id: UInt32) -> Range<Int> {
        occurrences.withUnsafeBufferPointer { Self.range(of: id, in: $0) }
    }

    /// The positions of a word id in id-sorted occurrences.
    @inline(__always)
    static func range(of id: UInt32, in occurrences: UnsafeBufferPointer<Occurrence>) -> Range<Int> {
        var low = 0
        var high = occurrences.count
        while low < high {
            let middle = (low + high) / 2
            if occurrences[middle].id < id { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < occurrences.count, occurrences[end].id == id { end += 1 }
        return low..<end
    }

    /// Whether the word id occurs.
    func contains(_ id: UInt32) -> Bool { !range(of: id).isEmpty }

    /// The distinct word ids, ascending.
    var distinctIDs: [UInt32] {
        var result: [UInt32] = []
        for occurrence in occurrences where result.last != occurrence.id { result.append(occurrence.id) }
        return result
    }
}

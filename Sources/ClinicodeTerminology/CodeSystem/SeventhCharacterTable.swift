import ClinicodeCore

/// The meanings of 7th characters (`initial encounter for closed fracture`,
/// `sequela`...) as word ids, so the matcher can pick the extension a note's
/// wording asks for and default to the first one (A, initial) otherwise.
struct SeventhCharacterTable: Sendable {
    static let none = UInt32.max
    /// Per code: the index of its 7th-character meaning, or `none`.
    private(set) var meaningOf = TableArray<UInt32>()
    private(set) var meanings = StringTable()
    private(set) var meaningWords = CompressedRows()
    /// Per meaning: whether it is the unspecified choice ("unspecified eye",
    /// "not applicable or unspecified"), which a silent note takes. Derived.
    private var isUnspecified: [Bool] = []

    /// Derives each extension's meaning from its title: the text after the
    /// parent's title and ", " (how the importer titles expansions).
    init(codes: CodeTable, builder: inout TermIndexBuilder) {
        var indexOfMeaning: [String: UInt32] = [:]
        meaningOf = TableArray([UInt32](repeating: Self.none, count: codes.count))
        for index in 0..<codes.count where codes.kind(index) == .seventhCharacter {
            let title = codes.title(index)
            var meaning = title
            if codes.hasDerivedTitle(index) {
                meaning = codes.titles[index]
            } else if let parent = codes.parent(index) {
                let prefix = codes.title(parent) + ", "
                if title.hasPrefix(prefix) { meaning = String(title.dropFirst(prefix.count)) }
            }
            if let existing = indexOfMeaning[meaning] {
                meaningOf[index] = existing
                continue
            }
            let id = UInt32(meanings.count)
            indexOfMeaning[meaning] = id
            meanings.append(meaning)
            meaningWords.append(row: builder.register(meaning).required)
            meaningOf[index] = id
        }
        isUnspecified = Self.unspecifiedFlags(meanings)
    }

    private static func unspecifiedFlags(_ meanings: StringTable) -> [Bool] {
        (0..<meanings.count).map { meanings[$0].lowercased().contains("unspecified") }
    }

    /// The meaning of an extension code, if it is one.
    func meaning(of code: Int) -> String? {
        meaningOf[code] == Self.none ? nil : meanings[Int(meaningOf[code])]
    }

    /// Among extension children (in code order), the one whose meaning words
    /// the context mentions most, each word weighted by how few siblings share
    /// it ("sequela" outweighs "fracture"). On a tie or silence, the
    /// unspecified one when there is one (diabetic retinopathy's "unspecified
    /// eye", not "right eye"), else the first (A, initial encounter).
    func choose(among children: Slice<TableArray<UInt32>>, mentions: (UInt32) -> Bool) -> Int? {
        // Without building a filtered list, a set per sibling and a dictionary
        // of shared words per call (this runs for every injury mention): the
        // siblings are few, so a word's sharers are counted when it is mentioned.
        meaningOf.withUnsafeBufferPointer { meaningOf in
        meaningWords.starts.withUnsafeBufferPointer { starts in
        meaningWords.values.withUnsafeBufferPointer { words in
            var first: UInt32?
            var unspecified: UInt32?
            var candidateCount = 0
            for child in children where meaningOf[Int(child)] != Self.none {
                if first == nil { first = child }
                if unspecified == nil, isUnspecified[Int(meaningOf[Int(child)])] { unspecified = child }
                candidateCount += 1
            }
            guard let first else { return nil }
            func row(_ child: UInt32) -> Range<Int> {
                let meaning = Int(meaningOf[Int(child)])
                return Int(starts[meaning])..<Int(starts[meaning + 1])
            }
            var best = Int(unspecified ?? first)
            var bestScore = 0.0
            for child in children where meaningOf[Int(child)] != Self.none {
                var score = 0.0
                for position in row(child) where mentions(words[position]) {
                    let word = words[position]
                    // The siblings whose meaning has the word, this one included.
                    var count = 0
                    for other in children where meaningOf[Int(other)] != Self.none {
                        if row(other).contains(where: { words[$0] == word }) { count += 1 }
                    }
                    if count < candidateCount { score += 1 / Double(count) }
                }
                if score > bestScore + 1e-9 {
                    bestScore = score
                    best = Int(child)
                }
            }
            return best
        }
        }
        }
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(aligned: meaningOf.elements)
        meanings.encode(to: &writer)
        meaningWords.encode(to: &writer)
    }

    init(from reader: inout BinaryReader, codeCount: Int, wordCount: Int) throws {
        meaningOf = try reader.readUInt32Table()
        meanings = try StringTable(from: &reader)
        meaningWords = try CompressedRows(from: &reader, valueLimit: wordCount)
        guard meaningOf.count == codeCount, meaningWords.count == meanings.count else {
            throw reader.corrupt("7th-character table does not match the codes")
        }
        let meaningCount = meanings.count
        // By the largest meaning, a loop that vectorises (it reads one value per code).
        let largest = meaningOf.withUnsafeBufferPointer { TableArray.largest($0, skipping: Self.none) }
        let valid = Int(largest) < meaningCount || meaningOf.withUnsafeBufferPointer { $0.allSatisfy { $0 == Self.none } }
        guard valid else { throw reader.corrupt("7th-character meaning out of range") }
        isUnspecified = Self.unspecifiedFlags(meanings)
    }
}

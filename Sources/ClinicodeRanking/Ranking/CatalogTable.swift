import ClinicodeCore
import ClinicodeTerminology

/// What the ranker works out about each code from the terminology and the
/// ranking rules alone (no note): title flags and weighted words, category,
/// children, each family's distinguishing words and default child, the
/// category default, the right and left stand-ins, and which rule patterns
/// the code matches. Stored flat in the model's catalog section, written
/// with the model (`encode(terminology:rules:to:)`), and read in place from
/// the mapped file: loading decodes nothing per code, and a catalog node
/// made from the table copies a few numbers instead of hashing and weighing
/// its title's words (about a tenth of a run, when every node was built on
/// first use).
///
/// The table is a function of the model's terminology and ranking rules;
/// `ClinicodeModel` drops it when either changes, and a catalog without one
/// works the same answers out on first use (`CatalogNode.Analysis`).
public final class CatalogTable: @unchecked Sendable {
    // Immutable after init; the bytes are read-only and kept by `owner`.

    /// Layout version of the section; a table of another version is ignored (not an error).
    static let version: UInt32 = 2
    /// Record bytes per code (see `Field`).
    static let recordSize = 40
    /// "None" in a 32-bit id field.
    static let none = UInt32.max
    /// "None" in a one-byte child position.
    static let noChild = UInt8.max

    /// Number of codes (the terminology's `codeCount`).
    let codeCount: Int
    /// Fingerprint of the rule patterns the facts classes were worked out for (`RuleLayout.fingerprint`).
    let factsFingerprint: UInt64
    /// 64-bit words per facts class.
    let factsWords: Int
    /// Number of facts classes.
    let factsClassCount: Int
    /// Keeps the bytes alive (the mapped model, or a copy).
    private let owner: AnyObject
    private let records: UnsafeRawPointer
    private let words: UnsafeRawPointer
    private let hashes: UnsafeRawPointer
    private let children: UnsafeRawPointer
    private let familyEnds: UnsafeRawPointer
    private let factsBits: UnsafeRawPointer
    private let sidePairs: UnsafeRawPointer
    private let sidePairCount: Int
    /// Distinct Excludes1 lists: list `i` is bytes `exclusionOffsets[i]..<exclusionOffsets[i + 1]`
    /// of `exclusionBytes`, each range its first and last code (a length byte, then the bytes).
    private let exclusionOffsets: UnsafeRawPointer
    private let exclusionBytes: UnsafeRawPointer
    /// Number of distinct Excludes1 lists (the first is the empty one).
    let exclusionListCount: Int

    /// Per-code flags beyond the title's (`CatalogNode.Flags` holds the low byte).
    struct TableFlags {
        static let billable: UInt16 = 1 << 8
        /// The essential words follow the title words (else they are the same list).
        static let ownEssential: UInt16 = 1 << 9
        /// Every child is a 7th-character expansion.
        static let allSevenths: UInt16 = 1 << 10
        /// The category default depends on the note's encounter cue.
        static let defaultByEncounter: UInt16 = 1 << 11
    }

    /// Reads a table written by `encode(terminology:rules:to:)` without
    /// copying it; `owner` keeps the bytes alive (the model archive). Nil
    /// when the section is of another layout version or for another number
    /// of codes (a model from another build): the catalog then works things
    /// out itself.
    public init?(from reader: inout BinaryReader, owner: AnyObject, codeCount: Int) throws {
        guard try reader.readUInt32() == Self.version else { return nil }
        let count = try reader.readInt()
        guard count == codeCount else { return nil }
        self.codeCount = count
        factsFingerprint = try reader.readUInt64()
        factsWords = try reader.readInt()
        factsClassCount = try reader.readInt()
        sidePairCount = try reader.readInt()
        exclusionListCount = try reader.readInt()
        guard factsWords >= 0, factsClassCount >= 0, factsClassCount <= Int(UInt16.max) + 1, sidePairCount >= 0,
            exclusionListCount >= 1
        else {
            throw reader.corrupt("bad catalog table header")
        }
        var blobs: [UnsafeRawBufferPointer] = []
        for _ in 0..<9 { blobs.append(try reader.readBytesView()) }
        let expected = [
            (count + 1) * Self.recordSize, -1, -1, -1, -1, factsWords * factsClassCount * 8, sidePairCount * 16,
            (exclusionListCount + 1) * 4, -1,
        ]
        for (blob, size) in zip(blobs, expected) where size >= 0 && blob.count != size {
            throw reader.corrupt("catalog table of the wrong size")
        }
        guard blobs[3].count == blobs[4].count, blobs[1].count % WeightedWords.stride == 0 else {
            throw reader.corrupt("catalog table of the wrong size")
        }
        self.owner = owner
        // An empty blob has no address: any valid one will do, nothing is read from it.
        let placeholder = blobs[0].baseAddress!
        records = placeholder
        words = blobs[1].baseAddress ?? placeholder
        hashes = blobs[2].baseAddress ?? placeholder
        children = blobs[3].baseAddress ?? placeholder
        familyEnds = blobs[4].baseAddress ?? placeholder
        factsBits = blobs[5].baseAddress ?? placeholder
        sidePairs = blobs[6].baseAddress ?? placeholder
        exclusionOffsets = blobs[7].baseAddress!
        exclusionBytes = blobs[8].baseAddress ?? placeholder
        let last = Int(UInt32(littleEndian: exclusionOffsets.loadUnaligned(fromByteOffset: exclusionListCount * 4, as: UInt32.self)))
        guard last == blobs[8].count else { throw reader.corrupt("catalog table of the wrong size") }
    }

    // MARK: Records

    /// Field offsets in a code's 40-byte record.
    private enum Field {
        static let flags = 0  // UInt16
        static let factsClass = 2  // UInt16
        static let category = 4  // UInt32
        static let categoryDefault = 8  // UInt32
        static let wordStart = 12  // UInt32, in entries of `words`
        static let withStart = 16  // UInt32, in entries of `hashes`
        static let childStart = 20  // UInt32, in entries of `children` (up to the next record's)
        static let familyStart = 24  // UInt32, in entries of `words`
        static let titleCount = 28  // UInt8
        static let essentialCount = 29  // UInt8
        static let withCount = 30  // UInt8
        static let defaultChild = 31  // UInt8, a position among the children
        static let parent = 32  // UInt32
        static let exclusions = 36  // UInt32, a list of `exclusionBytes`
    }

    @inline(__always)
    private func field<T: FixedWidthInteger>(_ id: Int, _ offset: Int, _: T.Type) -> T {
        T(littleEndian: records.loadUnaligned(fromByteOffset: id &* Self.recordSize &+ offset, as: T.self))
    }

    @inline(__always)
    private func optionalID(_ value: UInt32) -> Int? { value == Self.none ? nil : Int(value) }

    /// The code's flags (`CatalogNode.Flags` in the low byte, `TableFlags` above).
    @inline(__always)
    func flags(_ id: Int) -> UInt16 { field(id, Field.flags, UInt16.self) }

    func categoryID(_ id: Int) -> Int? { optionalID(field(id, Field.category, UInt32.self)) }

    func parentID(_ id: Int) -> Int? { optionalID(field(id, Field.parent, UInt32.self)) }

    /// The code's Excludes1 list (an index below `exclusionListCount`; 0 for none).
    func exclusionList(_ id: Int) -> Int { Int(field(id, Field.exclusions, UInt32.self)) }

    /// The ranges of Excludes1 list `index`, as `Terminology.excludes1Notes(ofID:)` gave them.
    func exclusionRanges(_ index: Int) -> [CodeRange] {
        func offset(_ position: Int) -> Int {
            Int(UInt32(littleEndian: exclusionOffsets.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self)))
        }
        var position = offset(index)
        let end = offset(index + 1)
        func code() -> String {
            let length = Int(exclusionBytes.load(fromByteOffset: position, as: UInt8.self))
            defer { position += 1 + length }
            return String(decoding: UnsafeRawBufferPointer(start: exclusionBytes + position + 1, count: length), as: UTF8.self)
        }
        var ranges: [CodeRange] = []
        while position < end {
            let first = code()
            ranges.append(CodeRange(first: first, last: code()))
        }
        return ranges
    }

    /// The code's children (ids, in code order).
    func childIDs(_ id: Int) -> CodeIDList {
        let start = Int(field(id, Field.childStart, UInt32.self))
        let end = Int(field(id + 1, Field.childStart, UInt32.self))
        return CodeIDList(base: children + start * 4, count: end - start)
    }

    func titleWords(_ id: Int) -> WeightedWords {
        WeightedWords(
            base: words + Int(field(id, Field.wordStart, UInt32.self)) * WeightedWords.stride,
            count: Int(field(id, Field.titleCount, UInt8.self)))
    }

    func essentialWords(_ id: Int) -> WeightedWords {
        let titleCount = Int(field(id, Field.titleCount, UInt8.self))
        guard flags(id) & TableFlags.ownEssential != 0 else {
            return WeightedWords(base: words + Int(field(id, Field.wordStart, UInt32.self)) * WeightedWords.stride, count: titleCount)
        }
        let start = Int(field(id, Field.wordStart, UInt32.self)) + titleCount
        return WeightedWords(base: words + start * WeightedWords.stride, count: Int(field(id, Field.essentialCount, UInt8.self)))
    }

    func withClauseWords(_ id: Int) -> WordHashList {
        WordHashList(
            base: hashes + Int(field(id, Field.withStart, UInt32.self)) * 8, count: Int(field(id, Field.withCount, UInt8.self)))
    }

    /// The family of a code with children: all its children's distinguishing
    /// words, their ends (relative, one per child), whether all children are
    /// 7th-character expansions, and the default child's position.
    func family(_ id: Int) -> (words: WeightedWords, ends: CodeIDList, allSevenths: Bool, defaultChild: Int?) {
        let start = Int(field(id, Field.childStart, UInt32.self))
        let count = Int(field(id + 1, Field.childStart, UInt32.self)) - start
        let ends = CodeIDList(base: familyEnds + start * 4, count: count)
        let familyStart = Int(field(id, Field.familyStart, UInt32.self))
        let position = field(id, Field.defaultChild, UInt8.self)
        return (
            WeightedWords(base: words + familyStart * WeightedWords.stride, count: ends.last ?? 0),
            ends, flags(id) & TableFlags.allSevenths != 0, position == Self.noChild ? nil : Int(position)
        )
    }

    /// The code `Specificity.categoryDefault` gives when no encounter cue decides.
    func categoryDefault(_ id: Int) -> (id: Int?, dependsOnEncounter: Bool) {
        (optionalID(field(id, Field.categoryDefault, UInt32.self)), flags(id) & TableFlags.defaultByEncounter != 0)
    }

    /// The code's facts class (see `CodeFactsStore`).
    @inline(__always)
    func factsClass(_ id: Int) -> Int { Int(field(id, Field.factsClass, UInt16.self)) }

    /// The rule-match bits of facts class `index`.
    func factsBits(ofClass index: Int) -> [UInt64] {
        (0..<factsWords).map {
            UInt64(littleEndian: factsBits.loadUnaligned(fromByteOffset: (index * factsWords + $0) * 8, as: UInt64.self))
        }
    }

    /// The parent, right and left ids `Specificity.sidePair(above:)` gives, if any
    /// (kept for the few codes that have one, sorted by code id).
    func sidePair(_ id: Int) -> (parent: Int, right: Int, left: Int)? {
        func entry(_ index: Int, _ field: Int) -> Int {
            Int(UInt32(littleEndian: sidePairs.loadUnaligned(fromByteOffset: index * 16 + field * 4, as: UInt32.self)))
        }
        var low = 0, high = sidePairCount
        while low < high {
            let mid = (low + high) >> 1
            if entry(mid, 0) < id { low = mid + 1 } else { high = mid }
        }
        guard low < sidePairCount, entry(low, 0) == id else { return nil }
        return (entry(low, 1), entry(low, 2), entry(low, 3))
    }
}

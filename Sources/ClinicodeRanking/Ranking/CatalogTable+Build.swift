import ClinicodeCore
import ClinicodeTerminology

extension CatalogTable {
    /// Works the table out for every code and writes it as the model's
    /// catalog section. It is what a catalog without a table works out on
    /// first use, read off such a catalog code by code, so both give the same
    /// answers. False (nothing written) when a list outgrows the record's
    /// fields: the model then has no table and the catalog works things out itself.
    public static func encode(terminology: Terminology, rules: RankingRules, to writer: inout BinaryWriter) -> Bool {
        guard let bytes = build(terminology: terminology, rules: rules) else { return false }
        writer.write(version)
        for part in bytes.header { writer.write(part) }
        for blob in bytes.blobs { writer.write(bytes: blob) }
        return true
    }

    /// Codes worked out with one catalog before the build starts a fresh one.
    static let buildCatalogSpan = 4096

    /// The section's header numbers (after its version) and blobs, or nil when they do not fit.
    private static func build(terminology: Terminology, rules: RankingRules) -> (header: [UInt64], blobs: [[UInt8]])? {
        var catalog = TerminologyCatalog(terminology: terminology, weights: rules.wordWeights)
        var specificity = Specificity(catalog: CatalogCache(catalog))
        let layout = RuleLayout(rules)
        let count = terminology.codeCount
        var records: [UInt8] = [], words: [UInt8] = [], hashes: [UInt8] = [], children: [UInt8] = [], ends: [UInt8] = []
        var childCount = 0
        // Lists already written, by their bytes: most families of 7th-character
        // codes tell their children apart by the same words, and many codes share lists.
        var wordLists: [[UInt8]: Int] = [:], hashLists: [[UInt8]: Int] = [:]
        var classes: [[UInt64]: Int] = [:], classBits: [UInt8] = []
        var sidePairs: [UInt8] = [], sidePairCount = 0
        // Distinct Excludes1 lists (most codes share their ancestors'), the empty one first.
        var exclusionLists: [[UInt8]: Int] = [[]: 0], exclusionOffsets: [UInt8] = [], exclusionBytes: [UInt8] = []
        CodeIDList.append([0, 0], to: &exclusionOffsets)
        records.reserveCapacity((count + 1) * recordSize)
        // Per-family essential word lists, for the side pairs (each family is read by every code below it).
        var familyWordLists: [Int: (words: [[UInt64]], bilateral: Bool)] = [:]
        func exact(_ list: WeightedWords) -> Bool { list.allSatisfy { Double(Float($0.weight)) == $0.weight } }

        for id in 0..<count {
            // A fresh catalog now and then: one holding every code's node
            // (each is made once per catalog and kept) added about 50 MB to
            // the peak memory of `build-model` and `train`. Nodes are the same
            // whichever catalog makes them; codes are in code order, so a
            // family's nodes are near one another and few are made twice.
            if id > 0 && id % Self.buildCatalogSpan == 0 {
                catalog = TerminologyCatalog(terminology: terminology, weights: rules.wordWeights)
                specificity = Specificity(catalog: CatalogCache(catalog))
            }
            let node = catalog.node(id: id)
            var flags = node.flags.rawValue
            if node.billable { flags |= TableFlags.billable }
            let ownEssential = !node.essentialWords.elementsEqual(node.titleWords) { $0.hash == $1.hash && $0.weight == $1.weight }
            if ownEssential { flags |= TableFlags.ownEssential }
            guard node.titleWords.count < 256, node.essentialWords.count < 256, node.withClauseWords.count < 256,
                exact(node.titleWords), exact(node.essentialWords)
            else { return nil }
            var list: [UInt8] = []
            WeightedWords.append(node.titleWords, to: &list)
            if ownEssential { WeightedWords.append(node.essentialWords, to: &list) }
            let wordStart = intern(list, in: &words, stride: WeightedWords.stride, memo: &wordLists)
            list.removeAll(keepingCapacity: true)
            WordHashList.append(node.withClauseWords, to: &list)
            let withStart = intern(list, in: &hashes, stride: 8, memo: &hashLists)
            let childStart = childCount
            CodeIDList.append(node.childIDs, to: &children)
            childCount += node.childIDs.count
            var familyStart = 0
            var defaultChild = noChild
            if node.hasChildren {
                let family = catalog.family(of: node)
                guard exact(family.words), family.ends.count == node.childIDs.count else { return nil }
                list.removeAll(keepingCapacity: true)
                WeightedWords.append(family.words, to: &list)
                familyStart = intern(list, in: &words, stride: WeightedWords.stride, memo: &wordLists)
                CodeIDList.append(family.ends, to: &ends)
                if family.allSevenths { flags |= TableFlags.allSevenths }
                if let chosen = family.defaultChild {
                    guard let position = family.children.firstIndex(where: { $0 === chosen }), position < Int(noChild) else { return nil }
                    defaultChild = UInt8(position)
                }
            }
            let categoryDefault = specificity.noteIndependentCategoryDefault(of: node)
            if categoryDefault.dependsOnEncounter { flags |= TableFlags.defaultByEncounter }
            if let pair = sidePair(of: node, specificity: specificity, catalog: catalog, memo: &familyWordLists) {
                for value in [id, pair.parent, pair.right, pair.left] {
                    withUnsafeBytes(of: UInt32(value).littleEndian) { sidePairs.append(contentsOf: $0) }
                }
                sidePairCount += 1
            }
            let bits = CodeFacts.matchBits(code: node.code.code, layout: layout)
            let factsClass: Int
            if let known = classes[bits] {
                factsClass = known
            } else {
                factsClass = classes.count
                classes[bits] = factsClass
                WordHashList.append(bits, to: &classBits)
            }
            guard factsClass <= Int(UInt16.max), words.count / WeightedWords.stride < Int(none), hashes.count / 8 < Int(none),
                childCount < Int(none)
            else { return nil }
            list.removeAll(keepingCapacity: true)
            for range in terminology.excludes1Notes(ofID: id) {
                for code in [range.first, range.last] {
                    guard code.utf8.count < 256 else { return nil }
                    list.append(UInt8(code.utf8.count))
                    list += code.utf8
                }
            }
            let exclusions: Int
            if let known = exclusionLists[list] {
                exclusions = known
            } else {
                exclusions = exclusionLists.count
                exclusionLists[list] = exclusions
                exclusionBytes += list
                guard exclusionBytes.count < Int(none) else { return nil }
                CodeIDList.append([exclusionBytes.count], to: &exclusionOffsets)
            }
            func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { records.append(contentsOf: $0) } }
            put(flags)
            put(UInt16(factsClass))
            put(node.categoryID.map { UInt32($0) } ?? none)
            put(categoryDefault.id.map { UInt32($0) } ?? none)
            put(UInt32(wordStart))
            put(UInt32(withStart))
            put(UInt32(childStart))
            put(UInt32(familyStart))
            put(UInt8(node.titleWords.count))
            put(UInt8(node.essentialWords.count))
            put(UInt8(node.withClauseWords.count))
            put(defaultChild)
            put(node.parentID.map { UInt32($0) } ?? none)
            put(UInt32(exclusions))
        }
        // The sentinel: where the last code's children end.
        records += [UInt8](repeating: 0, count: recordSize)
        withUnsafeBytes(of: UInt32(childCount).littleEndian) {
            records.replaceSubrange((count * recordSize + 20)..<(count * recordSize + 24), with: $0)
        }
        let header: [UInt64] = [
            UInt64(count), layout.fingerprint, UInt64((layout.count + 63) >> 6), UInt64(classes.count),
            UInt64(sidePairCount), UInt64(exclusionLists.count),
        ]
        return (header, [records, words, hashes, children, ends, classBits, sidePairs, exclusionOffsets, exclusionBytes])
    }

    /// Where `list` (entries of `stride` bytes) starts in `blob`, appended
    /// unless the same bytes were appended before.
    private static func intern(_ list: [UInt8], in blob: inout [UInt8], stride: Int, memo: inout [[UInt8]: Int]) -> Int {
        guard !list.isEmpty else { return 0 }
        if let known = memo[list] { return known }
        let start = blob.count / stride
        blob += list
        memo[list] = start
        return start
    }

    /// `Specificity.sidePair(above:)` for a node: none unless the node or an
    /// ancestor on the way up says "unspecified" (most codes, which skip
    /// reading their families' titles), each family's word lists read once.
    private static func sidePair(
        of node: CatalogNode, specificity: Specificity, catalog: TerminologyCatalog,
        memo: inout [Int: (words: [[UInt64]], bilateral: Bool)]
    ) -> (parent: Int, right: Int, left: Int)? {
        var child = node
        var depth = 0
        var saysUnspecified = false
        while let parentID = child.parentID, depth < 7 {
            depth += 1
            let parent = catalog.node(id: parentID)
            if parent.isGrouping { break }
            if child.saysUnspecified { saysUnspecified = true }
            if parent.categoryID == nil { break }
            child = parent
        }
        guard saysUnspecified else { return nil }
        return specificity.computeSidePair(above: node) { parent, children in
            if let known = memo[parent.id] { return known }
            let words = children.map { Specificity.essentialWordList($0.title) }
            let found = (words, words.contains { $0.contains(Specificity.bilateralWord) })
            memo[parent.id] = found
            return found
        }.map { ($0.parent.id, $0.right.id, $0.left.id) }
    }
}

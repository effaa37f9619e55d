import ClinicodeCore

/// Every code of every system in flat arrays: strings in blobs, hierarchy
/// and notes as index rows, and a precomputed hash table from code string
/// to index (`CodeSlots`). Internal indices (`Int`) identify codes everywhere else.
struct CodeTable: Sendable {
    static let none = UInt32.max

    private(set) var systems: [CodeSystemID] = []
    private(set) var codes = StringTable()
    /// Titles; for a code flagged `derivedTitle`, only the suffix after its parent's title and ", ".
    private(set) var titles = StringTable()
    /// `system << 8 | derivedTitle << 5 | kind << 1 | billable`.
    private(set) var info = TableArray<UInt32>()
    private(set) var parents = TableArray<UInt32>()
    private(set) var children = CompressedRows()
    /// Per code: indices of its own notes.
    private(set) var codeNotes = CompressedRows()
    private(set) var noteKinds = TableArray<UInt32>()
    private(set) var noteTexts = StringTable()
    /// Per note: indices of its refs; ref `j` is strings `2j` and `2j + 1` of `refBounds`.
    private(set) var noteRefs = CompressedRows()
    private(set) var refBounds = StringTable()
    private var slots: CodeSlots
    /// One bit per code: whether it is a leaf whose children are its
    /// 7th-character extensions (`needsSeventhCharacter`). Derived, not
    /// stored: 12 kB that stay cached, where reading a code's children for
    /// every code of every mention missed the cache each time.
    private var seventhCharacterLeaves: [UInt64] = []
    /// Per note kind, one bit per code: whether the code or an ancestor has
    /// a note of that kind (bits of kind `k` start at word `k * wordsPerKind`).
    /// Derived, not stored. The ranker asks for the "code first" and
    /// Excludes1 notes of its best candidates in every note, and most codes
    /// have none: walking the ancestors' note rows to find that out missed
    /// the cache at every level.
    private var inheritedNoteBits: [UInt64] = []

    var count: Int { codes.count }

    /// Lays out the sources' codes; parents and note owners are resolved within each system.
    init(sources: [CodeSystemSource]) throws {
        var parentNames: [(system: Int, parent: String?)] = []
        var fullTitles: [String] = []
        for (systemIndex, source) in sources.enumerated() {
            systems.append(source.id)
            for code in source.codes {
                codes.append(code.code)
                fullTitles.append(code.title)
                info.append(UInt32(systemIndex) << 8 | UInt32(code.kind.rawValue) << 1 | (code.billable ? 1 : 0))
                parentNames.append((systemIndex, code.parent))
            }
        }
        slots = CodeSlots(indexing: codes)
        parents = TableArray([UInt32](repeating: Self.none, count: codes.count))
        var childLists = [[UInt32]](repeating: [], count: codes.count)
        for index in 0..<codes.count {
            guard let parent = parentNames[index].parent else { continue }
            guard let parentIndex = find(parent, system: parentNames[index].system) else {
                throw TerminologyError.unknownCode(system: systems[parentNames[index].system].rawValue, code: parent, context: "parent of \(codes[index])")
            }
            parents[index] = UInt32(parentIndex)
            childLists[parentIndex].append(UInt32(index))
        }
        for list in childLists { children.append(row: list) }
        // A 7th-character title repeats its leaf's title: store only the suffix
        // (half the model's text is these 50,000 titles).
        for index in 0..<codes.count {
            if let parent = parent(index), kind(index) == .seventhCharacter,
               fullTitles[index].hasPrefix(fullTitles[parent] + ", ") {
                titles.append(String(fullTitles[index].dropFirst(fullTitles[parent].count + 2)))
                info[index] |= 1 << 5
            } else {
                titles.append(fullTitles[index])
            }
        }

        var notesByCode = [[UInt32]](repeating: [], count: codes.count)
        for (systemIndex, source) in sources.enumerated() {
            for note in source.notes {
                guard let owner = find(note.code, system: systemIndex) else { continue }
                notesByCode[owner].append(UInt32(noteKinds.count))
                noteKinds.append(UInt32(note.kind.rawValue))
                noteTexts.append(note.text)
                var refs: [UInt32] = []
                for ref in note.refs {
                    refs.append(UInt32(refBounds.count / 2))
                    refBounds.append(ref.first)
                    refBounds.append(ref.last)
                }
                noteRefs.append(row: refs)
            }
        }
        for list in notesByCode { codeNotes.append(row: list) }
        seventhCharacterLeaves = Self.seventhCharacterLeaves(children: children, info: info)
        inheritedNoteBits = Self.inheritedNoteBits(codeNotes: codeNotes, noteKinds: noteKinds, parents: parents)
    }

    /// The bits of `seventhCharacterLeaves`: the codes whose first child is a 7th-character extension.
    private static func seventhCharacterLeaves(children: CompressedRows, info: TableArray<UInt32>) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (children.count + 63) / 64)
        children.starts.withUnsafeBufferPointer { starts in
        children.values.withUnsafeBufferPointer { values in
        info.withUnsafeBufferPointer { info in
            for code in 0..<(starts.count - 1) where starts[code] < starts[code + 1] {
                let first = Int(values[Int(starts[code])])
                if (info[first] >> 1) & 0xf == UInt32(CodeSystemSource.Kind.seventhCharacter.rawValue) {
                    bits[code >> 6] |= 1 << UInt64(code & 63)
                }
            }
        }
        }
        }
        return bits
    }

    /// The bits of `inheritedNoteBits`: a code's own note kinds, then its
    /// ancestors', each code's worked out once whatever order parents and
    /// children come in, then turned into the per-kind bits eight codes at a
    /// time (setting each code's bits one by one was most of 45 instructions
    /// a code at every start).
    private static func inheritedNoteBits(
        codeNotes: CompressedRows, noteKinds: TableArray<UInt32>, parents: TableArray<UInt32>
    ) -> [UInt64] {
        let count = parents.count
        let words = (count + 63) / 64
        let kinds = NoteKind.allCases.count
        // Per code (rounded up to whole words): its kinds and its ancestors'
        // as bits, plus `done` once worked out.
        let done: UInt8 = 0x80
        var inherited = [UInt8](repeating: 0, count: words * 64)
        codeNotes.starts.withUnsafeBufferPointer { starts in
        codeNotes.values.withUnsafeBufferPointer { values in
        noteKinds.withUnsafeBufferPointer { noteKinds in
        parents.withUnsafeBufferPointer { parents in
        inherited.withUnsafeMutableBufferPointer { inherited in
            // The kinds of a code's own notes, as bits.
            func own(_ code: Int) -> UInt8 {
                var kindBits: UInt8 = 0
                for slot in Int(starts[code])..<Int(starts[code + 1]) {
                    let kind = Int(noteKinds[Int(values[slot])])
                    if kind < kinds { kindBits |= 1 << UInt8(kind) }
                }
                return kindBits
            }
            for code in 0..<count where inherited[code] & done == 0 {
                let parent = parents[code]
                if parent == Self.none || inherited[Int(parent)] & done != 0 {
                    let above = parent == Self.none ? done : inherited[Int(parent)]
                    inherited[code] = (starts[code] == starts[code + 1] ? 0 : own(code)) | above
                    continue
                }
                // A parent not yet worked out (it comes later): up to the
                // first ancestor that is, then back down (rare; a corrupt
                // cycle stops after `count` steps).
                var path: [Int] = []
                var ancestor = code
                while inherited[ancestor] & done == 0, path.count <= count {
                    path.append(ancestor)
                    guard parents[ancestor] != Self.none else { break }
                    ancestor = Int(parents[ancestor])
                }
                var kindBits = inherited[ancestor] & done != 0 ? inherited[ancestor] : done
                for step in path.reversed() {
                    kindBits |= own(step)
                    inherited[step] = kindBits
                }
            }
        }
        }
        }
        }
        }
        return [UInt64](unsafeUninitializedCapacity: words * kinds) { bits, initialized in
            inherited.withUnsafeBytes { raw in
                for word in 0..<words {
                    for kind in 0..<kinds {
                        var mask: UInt64 = 0
                        for group in 0..<8 {
                            let eight = raw.loadUnaligned(fromByteOffset: word * 64 + group * 8, as: UInt64.self)
                            mask |= Self.gatherBits(UInt64(littleEndian: eight), kind) << UInt64(group * 8)
                        }
                        bits[kind * words + word] = mask
                    }
                }
            }
            initialized = words * kinds
        }
    }

    /// Bit `bit` of each byte of `eight` (byte 0 the lowest), as eight bits.
    @inline(__always)
    private static func gatherBits(_ eight: UInt64, _ bit: Int) -> UInt64 {
        (((eight >> UInt64(bit)) & 0x0101_0101_0101_0101) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Whether the code or an ancestor has a note of `kind`.
    @inline(__always)
    private func inheritsNote(_ index: Int, kind: NoteKind) -> Bool {
        let word = Int(kind.rawValue) * ((count + 63) / 64) + index >> 6
        return inheritedNoteBits.withUnsafeBufferPointer { $0[word] & (1 << UInt64(index & 63)) != 0 }
    }

    /// The index of a code in a system (by system index).
    func find(_ code: String, system: Int) -> Int? {
        // One system: every code is in it, so the first equal string is the
        // answer (the filter reads no `info`).
        if systems.count == 1 {
            guard system == 0 else { return nil }
            return Self.withBytes(of: code) { slots.find($0, in: codes) { _ in true } }
        }
        // Capture the one array the filter reads, not `self`: a closure over
        // `self` copies the whole table (a dozen retains) on every look-up.
        let info = self.info
        return Self.withBytes(of: code) { slots.find($0, in: codes) { Int(info[$0] >> 8) == system } }
    }

    /// Runs `body` over a string's UTF-8 bytes (in place for a native or short string).
    @inline(__always)
    private static func withBytes<R>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// The index of a code reference.
    func find(_ reference: CodeReference) -> Int? {
        guard let system = systems.firstIndex(of: reference.system) else { return nil }
        if let index = find(reference.code, system: system) { return index }
        let upper = reference.code.uppercased()
        return upper == reference.code ? nil : find(upper, system: system)
    }

    /// (With one system, as in the default model, every code is in system 0:
    /// reading it from `info` missed the cache for every code reference made.)
    func systemIndex(_ index: Int) -> Int { systems.count == 1 ? 0 : Int(info[index] >> 8) }
    func kind(_ index: Int) -> CodeSystemSource.Kind { CodeSystemSource.Kind(rawValue: UInt8((info[index] >> 1) & 0xf)) ?? .code }
    /// Whether the stored title is only the part after the parent's title.
    func hasDerivedTitle(_ index: Int) -> Bool { info[index] & (1 << 5) != 0 }
    /// The full title of a code.
    func title(_ index: Int) -> String {
        guard hasDerivedTitle(index), parent(index) != nil else { return titles[index] }
        return derivedTitle(index)
    }

    /// A derived title made in one pass straight from the stored parts:
    /// building the parent's String and joining made three Strings (each
    /// allocated and UTF-8 validated) for the one returned.
    private func derivedTitle(_ index: Int) -> String {
        // Up to the first ancestor with a whole title (one step for every
        // 7th-character code; a corrupt cycle stops after `count` steps).
        var length = titles.length(index)
        var steps = 0
        var current = index
        while hasDerivedTitle(current), let parent = parent(current), steps < count {
            length += 2 + titles.length(parent)
            current = parent
            steps += 1
        }
        // Filled from the end: the code's own part last, its ancestors' before it.
        return String(unsafeUninitializedCapacity: length) { output in
            var end = length
            current = index
            for step in 0...steps {
                titles.withBytes(current) { part in
                    end -= part.count
                    if let base = part.baseAddress, let target = output.baseAddress {
                        (target + end).initialize(from: base, count: part.count)
                    }
                }
                guard step < steps, let parent = parent(current) else { break }
                output[end - 2] = UInt8(ascii: ",")
                output[end - 1] = UInt8(ascii: " ")
                end -= 2
                current = parent
            }
            return length
        }
    }
    func isBillable(_ index: Int) -> Bool { info[index] & 1 == 1 }
    /// Whether a code is a leaf that takes a 7th character.
    @inline(__always)
    func needsSeventhCharacter(_ index: Int) -> Bool {
        seventhCharacterLeaves.withUnsafeBufferPointer { $0[index >> 6] & (1 << UInt64(index & 63)) != 0 }
    }
    func parent(_ index: Int) -> Int? { parents[index] == Self.none ? nil : Int(parents[index]) }
    func reference(_ index: Int) -> CodeReference { CodeReference(system: systems[systemIndex(index)], code: codes[index]) }

    /// The code's notes of one kind, its own first, then its ancestors'.
    func notes(_ index: Int, kind: NoteKind) -> [CodeRange] {
        var result: [CodeRange] = []
        var current: Int? = index
        // Up to the last ancestor with such a note (usually none at all).
        while let code = current, inheritsNote(code, kind: kind) {
            for note in codeNotes[code] where noteKinds[Int(note)] == UInt32(kind.rawValue) {
                for ref in noteRefs[Int(note)] {
                    let range = CodeRange(first: refBounds[Int(ref) * 2], last: refBounds[Int(ref) * 2 + 1])
                    if !result.contains(range) { result.append(range) }
                }
            }
            current = parent(code)
        }
        return result
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(systems.map(\.rawValue))
        codes.encode(to: &writer)
        titles.encode(to: &writer)
        writer.write(aligned: info.elements)
        writer.write(aligned: parents.elements)
        children.encode(to: &writer)
        codeNotes.encode(to: &writer)
        writer.write(aligned: noteKinds.elements)
        noteTexts.encode(to: &writer)
        noteRefs.encode(to: &writer)
        refBounds.encode(to: &writer)
        slots.encode(to: &writer)
    }

    init(from reader: inout BinaryReader) throws {
        systems = try reader.readStringArray().map(CodeSystemID.init(rawValue:))
        codes = try StringTable(from: &reader)
        titles = try StringTable(from: &reader)
        info = try reader.readUInt32Table()
        parents = try reader.readUInt32Table()
        children = try CompressedRows(from: &reader, valueLimit: codes.count)
        codeNotes = try CompressedRows(from: &reader, valueLimit: nil)
        noteKinds = try reader.readUInt32Table()
        noteTexts = try StringTable(from: &reader)
        noteRefs = try CompressedRows(from: &reader, valueLimit: refBounds.count / 2 + Int(UInt32.max))
        refBounds = try StringTable(from: &reader)
        slots = try CodeSlots(from: &reader, tableCount: codes.count)
        let count = codes.count
        guard titles.count == count, info.count == count, parents.count == count, children.count == count,
              codeNotes.count == count, noteTexts.count == noteKinds.count, noteRefs.count == noteKinds.count,
              refBounds.count % 2 == 0
        else { throw reader.corrupt("terminology code table arrays disagree in length") }
        // Checked through buffers (the tables may be views of the mapped
        // model) by their largest values, loops that vectorise.
        let largestParent = parents.withUnsafeBufferPointer { TableArray.largest($0, skipping: Self.none) }
        guard parents.isEmpty || Int(largestParent) < count else { throw reader.corrupt("parent index out of range") }
        let noteCount = noteKinds.count, refCount = refBounds.count / 2
        guard codeNotes.values.isEmpty || Int(codeNotes.values.largest) < noteCount else {
            throw reader.corrupt("note index out of range")
        }
        guard noteRefs.values.isEmpty || Int(noteRefs.values.largest) < refCount else {
            throw reader.corrupt("ref index out of range")
        }
        guard info.isEmpty || Int(info.largest >> 8) < systems.count else { throw reader.corrupt("system index out of range") }
        seventhCharacterLeaves = Self.seventhCharacterLeaves(children: children, info: info)
        inheritedNoteBits = Self.inheritedNoteBits(codeNotes: codeNotes, noteKinds: noteKinds, parents: parents)
    }
}

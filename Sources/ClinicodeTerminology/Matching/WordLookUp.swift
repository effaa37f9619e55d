import ClinicodeCore

/// Works out what one word of a note gives the matcher (`NoteWords.TokenWords`)
/// and its `NoteWordHash`: the look-ups a `WordCache` keeps.
///
/// Holds the terminology's storage object, not copies of its tables: a copy
/// of the vocabulary and the abbreviation table (a retain per array they
/// hold) was made at every call.
struct WordLookUp {
    let storage: Terminology.Storage

    /// The ids, abbreviation slot, "without" flag and note hash of a word
    /// or number (`isWord` false) whose `WordBytesHash` is `hash`. Its ids,
    /// when it has two or more, are appended to `ids` (`idField` says where
    /// they start): its own id (when known), then its hyphen/slash parts' ids.
    func words(
        of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, isWord: Bool, ids: inout [UInt32]
    ) -> (noteHash: UInt64, words: NoteWords.TokenWords) {
        let key = WordKey(bytes, hash: hash)
        var first: UInt32 = 0
        var count: UInt32 = 0
        let start = ids.count
        if let id = storage.vocabulary.id(of: key) {
            first = id
            count = 1
        }
        // Compounds also count by their parts ("tubulo-interstitial", "COVID-19").
        if let separator = bytes.firstIndex(where: { $0 == 0x2d || $0 == 0x2f }) {
            var partStart = 0
            for end in separator...bytes.count where end == bytes.count || bytes[end] == 0x2d || bytes[end] == 0x2f {
                if end > partStart, let id = storage.vocabulary.id(of: UnsafeBufferPointer(rebasing: bytes[partStart..<end])) {
                    if count == 1 { ids.append(first) }
                    if count >= 1 { ids.append(id) } else { first = id }
                    count += 1
                }
                partStart = end + 1
            }
        }
        if count > 1 { first = UInt32(start) }
        var slot: Int32 = -1
        if isWord, let found = storage.abbreviations.firstWordSlot(of: key) { slot = Int32(found) }
        let words = NoteWords.TokenWords(
            idField: first, idCount: count, abbreviationSlot: slot, isWithout: isWord && Terminology.isWithout(bytes))
        return (NoteWordHash.hash(bytes, namespace: NoteWordHash.word), words)
    }

    /// `words(of:hash:isWord:ids:)` of the word or number token at `position`.
    @inline(never)
    func words(at position: Int, in tokens: UnsafeBufferPointer<Token>, ids: inout [UInt32]) -> (noteHash: UInt64, words: NoteWords.TokenWords) {
        let isWord = tokens[position].kind == .word
        return TokenBytes.current.withBytes(of: tokens, at: position) { bytes in
            words(of: bytes, hash: WordBytesHash.hash(bytes), isWord: isWord, ids: &ids)
        }
    }
}

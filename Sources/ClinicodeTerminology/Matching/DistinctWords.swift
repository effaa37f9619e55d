import ClinicodeCore

/// The distinct words of a stretch of a note's tokens: each word or number
/// token mapped to the first token of the stretch with the same normalised
/// string and kind, so that what depends only on the word (its vocabulary
/// ids, its abbreviation slot) is worked out once per distinct word.
///
/// The table that finds repeats has a slot per two tokens of the stretch
/// and is rebuilt per note: a few kilobytes that stay cached, where the
/// vocabulary's table does not. Two tokens are compared by their strings'
/// two words as the tokens hold them (a short word is its bytes there), and
/// byte by byte only where both strings are long. (A repeat missed would only
/// cost a second look-up of the same word, never a wrong one.)
struct DistinctWords {
    /// Per token from the stretch's start: the index of its distinct word,
    /// or -1 (not a word or number).
    let wordOfToken: [Int32]
    /// Per distinct word: the first token holding it, in token order.
    let positions: [Int]
    /// Per distinct word: the `WordBytesHash` of its bytes.
    let hashes: [UInt64]

    /// Number of distinct words.
    var count: Int { positions.count }

    /// Groups the word and number tokens of `range` by their word.
    init(_ tokens: UnsafeBufferPointer<Token>, range: Range<Int>, tokenBytes: TokenBytes) {
        var wordOfToken = [Int32](repeating: -1, count: range.count)
        var capacity = 16
        while capacity < range.count * 2 { capacity <<= 1 }
        // Per slot: 1 + the index of a distinct word, or 0 when empty.
        var table = [Int32](repeating: 0, count: capacity)
        var count = 0
        // The per-word arrays are left uninitialised past `count` (only
        // entries below it are read): zero-filling them, a few dozen bytes
        // per token of every note, was a pass of its own.
        var hashes: [UInt64] = []
        let positions = [Int](unsafeUninitializedCapacity: range.count) { positions, positionsCount in
        hashes = [UInt64](unsafeUninitializedCapacity: range.count) { hashes, hashesCount in
        // Per distinct word: its string's two words and its token kind.
        withUnsafeTemporaryAllocation(of: (UInt64, UInt64).self, capacity: range.count) { raws in
        withUnsafeTemporaryAllocation(of: Token.Kind.self, capacity: range.count) { kinds in
        table.withUnsafeMutableBufferPointer { table in
        wordOfToken.withUnsafeMutableBufferPointer { wordOfToken in
            count = Self.group(tokens, range: range, tokenBytes: tokenBytes, table: table, wordOfToken: wordOfToken,
                               positions: positions, hashes: hashes, raws: raws, kinds: kinds)
        }
        }
        }
        }
            hashesCount = count
        }
            positionsCount = count
        }
        self.wordOfToken = wordOfToken
        self.positions = positions
        self.hashes = hashes
    }

    /// The grouping proper, into the buffers of `init`; returns the number of distinct words.
    @inline(__always)
    private static func group(
        _ tokens: UnsafeBufferPointer<Token>, range: Range<Int>, tokenBytes: TokenBytes,
        table: UnsafeMutableBufferPointer<Int32>, wordOfToken: UnsafeMutableBufferPointer<Int32>,
        positions: UnsafeMutableBufferPointer<Int>, hashes: UnsafeMutableBufferPointer<UInt64>,
        raws: UnsafeMutableBufferPointer<(UInt64, UInt64)>, kinds: UnsafeMutableBufferPointer<Token.Kind>
    ) -> Int {
        var count = 0
        let mask = table.count - 1
        let compareRaw = tokenBytes.isAvailable
        let hashRaw = tokenBytes.hashesInline
        for position in range {
            let kind = tokens[position].kind
            guard kind == .word || kind == .number else { continue }
            let raw = compareRaw ? tokenBytes.rawWords(of: tokens, at: position) : (0, 0)
            let hash = hashRaw && TokenBytes.isInline(raw)
                ? TokenBytes.inlineHash(raw)
                : tokenBytes.withBytes(of: tokens, at: position) { WordBytesHash.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = Int(table[slot])
                if entry == 0 {
                    table[slot] = Int32(count + 1)
                    (positions.baseAddress! + count).initialize(to: position)
                    (hashes.baseAddress! + count).initialize(to: hash)
                    (raws.baseAddress! + count).initialize(to: raw)
                    (kinds.baseAddress! + count).initialize(to: kind)
                    wordOfToken[position - range.lowerBound] = Int32(count)
                    count += 1
                    break
                }
                let word = entry - 1
                if hashes[word] == hash, kinds[word] == kind,
                   compareRaw && raws[word] == raw
                    || !(compareRaw && (TokenBytes.isInline(raw) || TokenBytes.isInline(raws[word])))
                    && Self.sameBytes(tokens, positions[word], position, tokenBytes) {
                    wordOfToken[position - range.lowerBound] = Int32(word)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return count
    }

    /// Whether the tokens at `a` and `b` have the same normalised bytes.
    @inline(never)
    private static func sameBytes(_ tokens: UnsafeBufferPointer<Token>, _ a: Int, _ b: Int, _ tokenBytes: TokenBytes) -> Bool {
        tokenBytes.withBytes(of: tokens, at: a) { first in
            tokenBytes.withBytes(of: tokens, at: b) { second in
                guard first.count == second.count else { return false }
                for index in 0..<first.count where first[index] != second[index] { return false }
                return true
            }
        }
    }
}

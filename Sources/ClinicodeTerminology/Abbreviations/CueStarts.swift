extension AbbreviationTable {
    /// The tokens of a stretch grouped by the first byte of their word
    /// (`CueLeads`), so that a cue is tried only at the tokens that can start
    /// it. An ambiguous abbreviation ("CT", "MG") weighs a few dozen cues
    /// against the stretch around it, and stepping through every token's
    /// first byte once per cue was most of that work.
    struct CueStarts {
        /// `positions[starts[b]..<starts[b + 1]]` are the tokens whose lead is
        /// `b` (an ASCII byte, or `unknownLead`), ascending.
        private var starts: [Int32]
        private var positions: [Int32]

        /// Groups the tokens of `range` (inside the stretch `leads` covers).
        init(_ range: Range<Int>, _ leads: CueLeads) {
            var starts = [Int32](repeating: 0, count: Self.leadCount + 1)
            // Every position is written once, so not zero-filled first; the
            // starts serve as the cursors and are shifted back after (a copy
            // of them as cursors was a third allocation per call).
            positions = [Int32](unsafeUninitializedCapacity: range.count) { positions, initialized in
                starts.withUnsafeMutableBufferPointer { starts in
                leads.bytes.withUnsafeBufferPointer { bytes in
                    for position in range { starts[Self.slot(bytes[position - leads.start]) + 1] += 1 }
                    for lead in 0..<Self.leadCount { starts[lead + 1] += starts[lead] }
                    for position in range {
                        let slot = Self.slot(bytes[position - leads.start])
                        positions[Int(starts[slot])] = Int32(position)
                        starts[slot] += 1
                    }
                    // Each lead's cursor ended at the next lead's start.
                    for lead in stride(from: Self.leadCount, to: 0, by: -1) { starts[lead] = starts[lead - 1] }
                    starts[0] = 0
                }
                }
                initialized = range.count
            }
            self.starts = starts
        }

        /// ASCII bytes, then `unknownLead`.
        private static let leadCount = 129

        @inline(__always)
        private static func slot(_ lead: UInt8) -> Int { lead < 0x80 ? Int(lead) : 128 }

        /// Whether `body` holds for some token before `end` whose lead is
        /// `lead` (ASCII) or unknown, trying them in ascending order per lead.
        @inline(__always)
        func contains(lead: UInt8, before end: Int, where body: (Int) -> Bool) -> Bool {
            starts.withUnsafeBufferPointer { starts in
                positions.withUnsafeBufferPointer { positions in
                    for pass in 0..<2 {
                        let slot = Self.slot(pass == 0 ? lead : unknownLead)
                        for index in Int(starts[slot])..<Int(starts[slot + 1]) {
                            let position = Int(positions[index])
                            if position >= end { break }
                            if body(position) { return true }
                        }
                    }
                    return false
                }
            }
        }
    }
}

extension AbbreviationTable {
    /// A cue's words from the text `encode` wrote (joined by spaces). An
    /// ASCII cue (nearly all) is split at its space bytes: `split` on a
    /// String compares every Character, which was most of loading the table.
    static func cueWords(_ joined: String) -> [String] {
        var joined = joined
        let ascii: [String]? = joined.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var words: [String] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x20 {
                if end > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
                start = end + 1
            }
            return words
        }
        return ascii ?? joined.split(separator: " ").map(String.init)
    }
}

import ClinicodeCore

extension Terminology.Candidates {
    /// Drops candidates that gather their words from two items of a
    /// comma-separated list: "obstructive pulmonary disease, hypertension and
    /// hypercholesterolemia" names no pulmonary hypertension, yet a term's
    /// words may come in any order within its window.
    ///
    /// Two signs together mark two items. English puts an item's head word
    /// last, so the term takes words before a comma but not the word that
    /// ends that item ("pulmonary" but not "disease"); and what it takes after
    /// the comma is a concept on its own (another candidate starts there:
    /// "hypertension"). A term that takes the item's end may go on past the
    /// comma ("diabetes mellitus, type 2", "primary osteoarthritis, right
    /// knee", "nausea, vomiting"), and so may one that lends a shared word to
    /// an item that names nothing alone ("urinary frequency, hesitancy").
    /// `isComma(token)` tells a sentence's commas; `isItemWord(token)` whether
    /// a token can end an item (a vocabulary word, or any word or number of
    /// four characters or more: not "of", "the"). Before `resolve`, so the
    /// shorter terms such a candidate would have covered stay.
    mutating func dropListCrossing(isComma: (Int) -> Bool, isItemWord: (Int) -> Bool) {
        // The candidates to drop are found first and removed after: removing
        // them while the test read the whole list copied the list (an
        // allocation per sentence with a comma and a gapped candidate).
        var dropped: [Int] = []
        swap(&dropped, &self.dropped)
        defer { swap(&dropped, &self.dropped) }
        dropped.removeAll(keepingCapacity: true)
        tokens.withUnsafeBufferPointer { tokens in
        list.withUnsafeBufferPointer { all in
            for (index, candidate) in all.enumerated() {
                // A candidate on consecutive tokens skips nothing.
                guard candidate.last - candidate.first + 1 > candidate.tokens.count else { continue }
                var lastTaken = candidate.first
                var next = candidate.tokens.lowerBound
                var openComma: Int? = nil
                for token in candidate.first...candidate.last {
                    if next < candidate.tokens.upperBound, tokens[next] == token {
                        next += 1
                        lastTaken = token
                        // The first word taken after a comma that cut an item short:
                        // does a concept of its own start there?
                        if let comma = openComma,
                            all.contains(where: { $0.first > comma && $0.first <= token && token <= $0.last })
                        {
                            dropped.append(index)
                            break
                        }
                        openComma = nil
                    } else if isComma(token), (lastTaken + 1..<token).contains(where: isItemWord) {
                        openComma = token
                    }
                }
            }
        }
        }
        guard !dropped.isEmpty else { return }
        var kept = 0
        var next = 0
        for index in list.indices {
            if next < dropped.count, dropped[next] == index {
                next += 1
                continue
            }
            list[kept] = list[index]
            kept += 1
        }
        list.removeLast(list.count - kept)
    }
}

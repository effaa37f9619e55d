import ClinicodeCore

extension Terminology {
    /// Everything known about a code, or nil when no system has it.
    public func entry(for code: CodeReference) -> CodeEntry? {
        guard let index = codes.find(code) else { return nil }
        let children = codes.children[index].map { Int($0) }
        let sevenths: [SeventhCharacter] = children.compactMap { child in
            guard let meaning = seventh.meaning(of: child), let last = codes.codes[child].last else { return nil }
            return SeventhCharacter(character: last, meaning: meaning, code: codes.reference(child))
        }
        return CodeEntry(
            code: codes.reference(index), title: codes.title(index), billable: codes.isBillable(index),
            kind: codes.kind(index), parent: codes.parent(index).map(codes.reference),
            children: children.map(codes.reference),
            excludes1: codes.notes(index, kind: .excludes1), excludes2: codes.notes(index, kind: .excludes2),
            codeFirst: codes.notes(index, kind: .codeFirst), useAdditionalCode: codes.notes(index, kind: .useAdditionalCode),
            codeAlso: codes.notes(index, kind: .codeAlso), seventhCharacters: sevenths,
            seventhCharacterMeaning: seventh.meaning(of: index))
    }

    /// The title of a code, or nil when unknown.
    public func title(of code: CodeReference) -> String? {
        codes.find(code).map { codes.title($0) }
    }

    /// Whether a code exists and is billable.
    public func isBillable(_ code: CodeReference) -> Bool {
        codes.find(code).map(codes.isBillable) ?? false
    }

    /// The billable codes at or below a code, in code order.
    public func billableDescendants(of code: CodeReference) -> [CodeReference] {
        guard let index = codes.find(code) else { return [] }
        var result: [CodeReference] = []
        var stack = [index]
        while let current = stack.popLast() {
            if codes.isBillable(current) { result.append(codes.reference(current)) }
            stack.append(contentsOf: codes.children[current].reversed().map { Int($0) })
        }
        return result
    }

    /// Whether `ancestor` is a strict ancestor of `code` in the hierarchy.
    public func isAncestor(_ ancestor: CodeReference, of code: CodeReference) -> Bool {
        guard let target = codes.find(ancestor), let start = codes.find(code) else { return false }
        var current = codes.parent(start)
        while let index = current {
            if index == target { return true }
            current = codes.parent(index)
        }
        return false
    }

    /// The billable code a coder would pick for a code when the note says no
    /// more: itself if billable, else (level by level) the child titled
    /// "unspecified", else a child ending in 9 or 0, else the first; a code
    /// needing a 7th character takes its first extension (A, initial).
    public func defaultBillableCode(for code: CodeReference) -> CodeReference? {
        guard let index = codes.find(code) else { return nil }
        return descend(from: index, score: { _ in 0 }, mentions: { _ in false }).map(codes.reference)
    }

    /// Walks down from a code to a billable one, choosing at each level the
    /// child with the best score, then the "unspecified" one.
    func descend(from start: Int, score: (Int) -> Float, mentions: (UInt32) -> Bool) -> Int? {
        var current = start
        var steps = 0
        while !codes.isBillable(current) {
            let children = codes.children[current]
            guard !children.isEmpty, steps < 8 else { return nil }
            steps += 1
            if codes.kind(Int(children[children.startIndex])) == .seventhCharacter {
                guard let chosen = seventh.choose(among: children, mentions: mentions) else { return nil }
                current = chosen
                continue
            }
            var best = Int(children[children.startIndex])
            var bestKey = (score(best), preference(best))
            for child in children.dropFirst().map({ Int($0) }) {
                let key = (score(child), preference(child))
                // Relative: scores are sums of word weights, and the same words
                // summed in another order differ in the last bits.
                let tolerance = 1e-5 * max(1, abs(bestKey.0))
                if key.0 > bestKey.0 + tolerance || (abs(key.0 - bestKey.0) <= tolerance && key.1 > bestKey.1) {
                    best = child
                    bestKey = key
                }
            }
            current = best
        }
        return current
    }

    /// How much a coder defaults to a child absent other information (NOS
    /// coding): "uncomplicated" and "without ..." subdivisions, the residual
    /// "9" subdivision, "unspecified" titles (twice unspecified, e.g. site
    /// and side, more so; "with unspecified X" names a complication, so it
    /// does not count), then a "0" subdivision.
    private func preference(_ index: Int) -> Int {
        let title = codes.title(index).lowercased()
        let unspecified = title.components(separatedBy: "unspecified").count - 1
            - (title.components(separatedBy: "with unspecified").count - 1)
        var value = unspecified > 0 ? 2 + min(unspecified - 1, 1) : 0
        if title.contains("uncomplicated") { value += 4 }
        if title.contains("without") { value += 2 }
        switch codes.codes[index].last {
        case "9": value += 3
        case "0": value += 1
        default: break
        }
        return value
    }
}

import Foundation

extension Terminology {
    /// The billable code a (possibly non-billable) code becomes in a stretch
    /// of a note: at each level the child whose wording the text covers most
    /// (laterality, type, site), else the "unspecified" one; a 7th character
    /// from the text's encounter words (initial by default). Nil for an
    /// unknown code.
    public func billableCode(for code: CodeReference, in document: Document, tokens: Range<Int>) -> CodeReference? {
        guard let start = codes.find(code) else { return nil }
        let words = SentenceWords(document, tokens: tokens, section: section(of: tokens, in: document), terminology: self)
        let (touched, _) = sparseTermScores(words.distinctIDs)
        var matched: [Int: Float] = [:]
        let index = self.index
        for (term, weight) in touched {
            for packed in index.codes[term] {
                let code = TermIndex.code(packed)
                matched[code] = max(matched[code] ?? 0, weight)
            }
        }
        return descend(from: start, score: { matched[$0] ?? 0 }, mentions: { words.contains($0) }).map(codes.reference)
    }
}

import ClinicodeCore
import Foundation

/// How often coders chose a code when the note's wording supported it, per
/// code, over the training notes: the lexicon's precision code by code.
///
/// Lexical matching is right about some codes nearly always and about others
/// rarely (a term that also names a finding coders leave out, a neoplasm
/// code the wording reaches by retrieval alone); no global weight can say
/// which. Codes the wording supported and coders never chose are counted
/// too, so the fusion can also learn to distrust them.
struct LexicalPrecision: Sendable {
    /// Codes the lexicon supported in some training note, sorted.
    private(set) var codes: [CodeReference] = []
    /// Per code: training notes whose wording supported it.
    private(set) var matched: [UInt32] = []
    /// Per code: those of them whose coders chose it.
    private(set) var coded: [UInt32] = []
    /// Coded / matched over all codes: the estimate for a code never matched.
    private(set) var baseRate = 0.0
    private var lookup: [CodeReference: Int] = [:]

    /// Pseudo-notes pulling a rarely matched code's precision towards `baseRate`
    /// (5-fold cross-validation within CodiEsp train, MAP with 0.5 / 2 / 5:
    /// 0.4022 / 0.4006 / 0.4008).
    static let smoothing = 0.5

    init() {}

    /// Counts, from each training note's lexically supported codes and its gold codes.
    init(supported: [Set<CodeReference>], gold: [Set<CodeReference>]) {
        var counts: [CodeReference: (matched: UInt32, coded: UInt32)] = [:]
        for (codes, goldCodes) in zip(supported, gold) {
            for code in codes {
                var entry = counts[code] ?? (0, 0)
                entry.matched += 1
                if goldCodes.contains(code) { entry.coded += 1 }
                counts[code] = entry
            }
        }
        let sorted = counts.keys.sorted()
        self.init(codes: sorted, matched: sorted.map { counts[$0]!.matched }, coded: sorted.map { counts[$0]!.coded })
    }

    private init(codes: [CodeReference], matched: [UInt32], coded: [UInt32]) {
        self.codes = codes
        self.matched = matched
        self.coded = coded
        let totalMatched = matched.reduce(0) { $0 + Double($1) }
        baseRate = totalMatched > 0 ? coded.reduce(0) { $0 + Double($1) } / totalMatched : 0
        lookup = Dictionary(codes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The smoothed precision of the lexicon for `code`, and log(1 + notes it
    /// was matched in). A training note left out takes its own counts back.
    func features(of code: CodeReference, leaveOut: LeaveOut?, isGold: Bool) -> (precision: Double, support: Double) {
        var matchedCount = 0.0, codedCount = 0.0
        if let index = lookup[code] {
            matchedCount = Double(matched[index])
            codedCount = Double(coded[index])
        }
        if let leaveOut, leaveOut.supported.contains(code) {
            matchedCount -= 1
            if isGold { codedCount -= 1 }
        }
        matchedCount = max(0, matchedCount)
        codedCount = max(0, min(codedCount, matchedCount))
        let precision = (codedCount + Self.smoothing * baseRate) / (matchedCount + Self.smoothing)
        return (precision, log(1 + matchedCount))
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(codes.map(\.system.rawValue))
        writer.write(codes.map(\.code))
        writer.write(matched)
        writer.write(coded)
    }

    init(from reader: inout BinaryReader) throws {
        let systems = try reader.readStringArray(), codeStrings = try reader.readStringArray()
        let matched = try reader.readUInt32Array(), coded = try reader.readUInt32Array()
        guard systems.count == codeStrings.count, matched.count == codeStrings.count, coded.count == codeStrings.count,
            zip(matched, coded).allSatisfy({ $0.1 <= $0.0 })
        else { throw reader.corrupt("inconsistent lexical precision table") }
        self.init(
            codes: zip(systems, codeStrings).map { CodeReference(system: CodeSystemID(rawValue: $0), code: $1) },
            matched: matched, coded: coded)
    }
}

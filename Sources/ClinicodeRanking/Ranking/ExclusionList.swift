import ClinicodeCore
import ClinicodeTerminology

/// A code's Excludes1 ranges (its own and its ancestors'), packed.
final class ExclusionList: Sendable {
    /// Every range, for a code that does not pack (longer than 8 bytes).
    let ranges: [CodeRange]
    /// The ranges whose bounds pack, as `(low, high)` pairs one after the
    /// other: a packed code is in such a range when `low <= code <= high`
    /// (`PackedCodeRange.bounds`). Sixteen bytes a range, four to a cache
    /// line: the list is read when a note first meets the code, where the
    /// 96-byte `PackedCodeRange`s (their `CodeRange` beside the keys)
    /// missed the cache about once per range.
    let packedBounds: [UInt64]
    /// The ranges whose bounds do not pack (nearly always none).
    let unpackedRanges: [CodeRange]
    /// `firstByteBit` of every first byte a code in the ranges can have (a
    /// range holds only codes whose first byte lies between its bounds'
    /// first bytes): most codes are ruled out with one AND.
    let firstBytes: UInt64

    init(_ ranges: [CodeRange]) {
        self.ranges = ranges
        var packedBounds: [UInt64] = [], unpackedRanges: [CodeRange] = []
        packedBounds.reserveCapacity(2 * ranges.count)
        for range in ranges {
            if let bounds = PackedCodeRange.bounds(of: range) {
                packedBounds.append(bounds.low)
                packedBounds.append(bounds.high)
            } else {
                unpackedRanges.append(range)
            }
        }
        self.packedBounds = packedBounds
        self.unpackedRanges = unpackedRanges
        var bits: UInt64 = 0
        for range in ranges {
            guard let first = range.first.utf8.first, let last = range.last.utf8.first, first <= last else { continue }
            for byte in first...last { bits |= Self.firstByteBit(of: byte) }
        }
        firstBytes = bits
    }

    /// Whether a range holds `code`, packed as `packed` when it packs (as
    /// testing each range with `CodeRange.contains`).
    func contains(_ code: String, packed: UInt64?) -> Bool {
        guard let packed else { return ranges.contains { $0.contains(code) } }
        let inPacked = packedBounds.withUnsafeBufferPointer { bounds in
            var index = 0
            while index < bounds.count {
                if packed >= bounds[index] && packed <= bounds[index + 1] { return true }
                index += 2
            }
            return false
        }
        return inPacked || (!unpackedRanges.isEmpty && unpackedRanges.contains { $0.contains(code) })
    }

    /// A bit standing for a code's first byte (bytes 64 apart share one; 0 for no byte).
    static func firstByteBit(of byte: UInt8) -> UInt64 { 1 << UInt64(byte & 63) }

    static func firstByteBit(of code: String) -> UInt64 { code.utf8.first.map { firstByteBit(of: $0) } ?? 0 }
}

/// A `CodeRange` as two 64-bit keys, so testing a code against it is two
/// masked integer comparisons instead of two byte walks over Strings (the
/// Excludes1 rule tests every pair of a note's best candidates). Bounds or
/// codes longer than 8 bytes fall back to `CodeRange.contains`.
struct PackedCodeRange: Sendable {
    let range: CodeRange
    /// Packed bounds and the masks keeping as many leading bytes as each bound has.
    let first: UInt64, firstMask: UInt64, last: UInt64, lastMask: UInt64
    let isPacked: Bool

    init(_ range: CodeRange) {
        self.range = range
        if let first = Self.pack(range.first), let last = Self.pack(range.last) {
            (self.first, firstMask, self.last, lastMask) = (first.key, first.mask, last.key, last.mask)
            isPacked = true
        } else {
            (first, firstMask, last, lastMask) = (0, 0, 0, 0)
            isPacked = false
        }
    }

    /// Bytes big-endian from the top, zero-padded (codes hold no NUL), and the
    /// mask of the bytes used; nil when longer than 8 bytes. A code shorter
    /// than a bound whose bytes all match then compares below it, as in
    /// `CodeRange.comparePrefix`.
    static func pack(_ code: String) -> (key: UInt64, mask: UInt64)? {
        guard let (key, count) = ASCIICode.pack(code, accepting: { $0 != 0 }) else { return nil }
        let mask: UInt64 = count == 0 ? 0 : (count == 8 ? .max : ~(UInt64.max >> (8 * UInt64(count))))
        return (key, mask)
    }

    /// A range's packed bounds as two keys, nil when one does not pack: a
    /// packed code is in the range when `low <= code <= high`. The low bound
    /// needs no mask (a code's bytes past it are at least its zero padding),
    /// and the high bound's mask is folded in as `0xFF` padding.
    static func bounds(of range: CodeRange) -> (low: UInt64, high: UInt64)? {
        guard let first = pack(range.first), let last = pack(range.last) else { return nil }
        return (first.key, last.key | ~last.mask)
    }

    /// Whether a packed code (`pack(_:)`) is in the packed range.
    @inline(__always)
    func contains(packed code: UInt64) -> Bool {
        code & firstMask >= first && code & lastMask <= last
    }
}

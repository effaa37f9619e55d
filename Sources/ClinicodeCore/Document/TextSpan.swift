/// A half-open range of Unicode scalar offsets into a note's original text.
///
/// Offsets count Unicode scalars, the way Python indexes a `str`, so a JSON
/// consumer can slice `text[start:end]` and get back the exact surface.
public struct TextSpan: Hashable, Sendable, Codable, Comparable {
    /// Offset of the first scalar.
    public var start: Int
    /// Offset one past the last scalar.
    public var end: Int

    /// Creates a span; `end` must not precede `start`.
    @inlinable
    public init(start: Int, end: Int) {
        precondition(start <= end, "TextSpan end precedes start")
        self.start = start
        self.end = end
    }

    /// Number of scalars covered.
    @inlinable public var length: Int { end - start }

    /// Whether the span covers nothing.
    @inlinable public var isEmpty: Bool { start == end }

    /// Whether the two spans share at least one scalar.
    @inlinable
    public func overlaps(_ other: TextSpan) -> Bool {
        start < other.end && other.start < end
    }

    /// Whether `other` lies entirely inside this span.
    @inlinable
    public func contains(_ other: TextSpan) -> Bool {
        start <= other.start && other.end <= end
    }

    /// The smallest span covering both.
    @inlinable
    public func union(_ other: TextSpan) -> TextSpan {
        TextSpan(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    /// Orders by start, then by end.
    @inlinable
    public static func < (lhs: TextSpan, rhs: TextSpan) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

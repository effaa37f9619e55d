/// Scores as fixed-decimal text: the same digits on every run, platform and
/// locale (no `%f`, no shortest-round-trip printing).
enum ScoreText {
    /// Digits after the decimal point.
    static let decimals = 3

    /// `score` rounded half away from zero to three decimals (`0.910`).
    /// Non-finite values print as `0.000`.
    static func format(_ score: Double) -> String {
        var bytes: [UInt8] = []
        append(score, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `format(score)`'s UTF-8 to `bytes` (no intermediate strings:
    /// the TSV writer formats a score per line).
    static func append(_ score: Double, to bytes: inout [UInt8]) {
        guard score.isFinite else {
            bytes.append(contentsOf: "0.000".utf8)
            return
        }
        let scaled = (abs(score) * 1000).rounded(.toNearestOrAwayFromZero)
        guard scaled < 1e15 else {
            bytes.append(contentsOf: (score < 0 ? "-999999999999.999" : "999999999999.999").utf8)
            return
        }
        let units = Int(scaled)
        let whole = units / 1000, fraction = units % 1000
        if score < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        appendDecimal(whole, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    /// Writes `format(score)`'s UTF-8 (at most 17 bytes) at `out`; returns
    /// the byte after it (the TSV writer's lines go straight into their buffer).
    static func write(_ score: Double, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard score.isFinite else { return copy("0.000", to: out) }
        let scaled = (abs(score) * 1000).rounded(.toNearestOrAwayFromZero)
        guard scaled < 1e15 else { return copy(score < 0 ? "-999999999999.999" : "999999999999.999", to: out) }
        let units = Int(scaled)
        let whole = units / 1000, fraction = units % 1000
        var out = out
        if score < 0 && units != 0 {
            out.pointee = UInt8(ascii: "-")
            out += 1
        }
        out = writeDecimal(whole, to: out)
        out[0] = UInt8(ascii: ".")
        out[1] = UInt8(ascii: "0") + UInt8(fraction / 100)
        out[2] = UInt8(ascii: "0") + UInt8(fraction / 10 % 10)
        out[3] = UInt8(ascii: "0") + UInt8(fraction % 10)
        return out + 4
    }

    /// Writes the decimal digits of a non-negative integer (at most 19) at
    /// `out`; returns the byte after them.
    static func writeDecimal(_ value: Int, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        var out = out
        while divisor > 0 {
            out.pointee = UInt8(ascii: "0") + UInt8(rest / divisor)
            out += 1
            rest %= divisor
            divisor /= 10
        }
        return out
    }

    private static func copy(_ text: StaticString, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        out.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return out + text.utf8CodeUnitCount
    }

    /// Appends the decimal digits of a non-negative integer.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

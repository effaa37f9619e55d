/// The comparison key of a code, the way `score.py` compares codes:
/// surrounding whitespace removed, upper case, dots dropped, and
/// optionally cut to its first `prefix` characters (category level).
///
/// `q62.11`, `Q62.11 ` and `Q6211` share the key `Q6211`; with prefix 3 the key is `Q62`.
public enum CodeKey {
    /// The key of `code`, cut to `prefix` characters when `prefix` is positive.
    public static func of(_ code: some StringProtocol, prefix: Int? = nil) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in code.unicodeScalars where scalar != "." && !scalar.properties.isWhitespace {
            // ASCII fast path: codes are ASCII in every system we know.
            if scalar.value >= 0x61 && scalar.value <= 0x7A {
                scalars.append(Unicode.Scalar(scalar.value - 0x20)!)
            } else if scalar.isASCII {
                scalars.append(scalar)
            } else {
                scalars.append(contentsOf: String(scalar).uppercased().unicodeScalars)
            }
        }
        let key = String(scalars)
        if let prefix, prefix > 0, key.count > prefix { return String(key.prefix(prefix)) }
        return key
    }

    /// `key` cut to `prefix` characters (a key is already normalised).
    public static func truncate(_ key: String, prefix: Int?) -> String {
        guard let prefix, prefix > 0, key.count > prefix else { return key }
        return String(key.prefix(prefix))
    }
}

/// The name of a code system (ICD-10-CM, a user's CPT file, ...).
///
/// Code systems are data, so this is an open set of names.
public struct CodeSystemID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The display name, as printed in output (`"ICD-10-CM"`).
    public let rawValue: String
    /// Creates a system name.
    @inlinable public init(rawValue: String) { self.rawValue = rawValue }
    /// The display name.
    public var description: String { rawValue }
    /// Orders by name.
    public static func < (lhs: CodeSystemID, rhs: CodeSystemID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// ICD-10-CM diagnoses, the embedded system.
    public static let icd10cm = CodeSystemID(rawValue: "ICD-10-CM")
    /// CPT procedures, loaded from the user's licensed file.
    public static let cpt = CodeSystemID(rawValue: "CPT")
}

/// A code within a code system, written the way coders write it (`E11.22`).
public struct CodeReference: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The system the code belongs to.
    public var system: CodeSystemID
    /// The code, upper case, with its dot where the system uses one.
    public var code: String

    /// Creates a reference.
    @inlinable
    public init(system: CodeSystemID, code: String) {
        self.system = system
        self.code = code
    }

    /// `system:code`.
    public var description: String { "\(system.rawValue):\(code)" }

    /// Orders by system, then code.
    public static func < (lhs: CodeReference, rhs: CodeReference) -> Bool {
        (lhs.system.rawValue, lhs.code) < (rhs.system.rawValue, rhs.code)
    }
}

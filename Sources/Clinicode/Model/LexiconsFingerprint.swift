import Foundation

/// A content hash of a Lexicons directory: what a model was built from.
///
/// Covers every regular file's relative path and bytes, in sorted path order
/// so the result does not depend on directory listing order. Markdown files
/// are skipped: documentation edits do not change the model.
public enum LexiconsFingerprint {
    /// The fingerprint of `directory`, as 16 hex digits.
    public static func compute(directory: String) throws -> String {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory])
        }
        var files: [String] = []
        for case let relative as String in enumerator {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if name.hasPrefix(".") {
                if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
                    enumerator.skipDescendants()
                }
                continue
            }
            guard !name.lowercased().hasSuffix(".md"),
                  enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            files.append(relative)
        }
        files.sort()
        var hash = FNV1a64()
        for relative in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
            hash.add(Array(relative.utf8))
            hash.add([0])
            hash.add(UInt64(data.count))
            data.withUnsafeBytes { hash.add($0) }
        }
        return hash.hex
    }
}

/// 64-bit FNV-1a, enough to tell input sets apart (not a security hash).
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    mutating func add(_ raw: UnsafeRawBufferPointer) { add(raw.lazy.map { $0 }) }

    mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

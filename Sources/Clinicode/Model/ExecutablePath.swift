import Foundation

/// The running executable's path, found without `Bundle.main`: on Linux,
/// Foundation's main bundle lists the executable's folder when first used,
/// which costs tens of milliseconds of a cold start when the binary sits in
/// a large folder (`/usr/local/bin`, `/tmp`).
public enum ExecutablePath {
    /// The executable's path (symlinks resolved on Linux), or nil when unknown.
    public static func current() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 {
            return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        #endif
        return Bundle.main.executablePath
    }
}

import Foundation

/// Finds the model file to use: an explicit path, then `$CLINICODE_MODEL`,
/// then `Models/default.clinicode-model` in the nearest package root above
/// the executable or the current directory.
public struct ModelLocator: Sendable {
    /// The environment variable naming a model file.
    public static let environmentVariable = "CLINICODE_MODEL"
    /// The default model's path relative to a package root.
    public static let defaultRelativePath = "Models/default.clinicode-model"

    /// Where a model was found, and how.
    public struct Location: Sendable, Hashable {
        /// The model file's path.
        public var path: String
        /// `--model`, `$CLINICODE_MODEL` or `default`.
        public var origin: String
    }

    /// Why no model could be found.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        /// The places searched.
        public var searched: [String]
        /// What went wrong and how to fix it.
        public var description: String {
            "no Clinicode model found (looked for \(ModelLocator.defaultRelativePath) above "
                + searched.joined(separator: " and ")
                + "); build one with `clinicode build-model` in the source tree, "
                + "or pass --model PATH or set \(ModelLocator.environmentVariable)"
        }
    }

    private let environment: [String: String]
    private let executablePath: String?
    private let currentDirectory: String

    /// A locator over this process's environment, executable and directory.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String? = ExecutablePath.current(),
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.executablePath = executablePath
        self.currentDirectory = currentDirectory
    }

    /// The model to use. An explicit path (or the environment variable) is
    /// returned as given even if missing, so loading reports that file.
    public func locate(explicitPath: String?) throws -> Location {
        if let explicitPath, !explicitPath.isEmpty { return Location(path: explicitPath, origin: "--model") }
        if let fromEnvironment = environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            return Location(path: fromEnvironment, origin: "$\(Self.environmentVariable)")
        }
        var starts: [String] = []
        if let executablePath {
            let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            starts.append(resolved.deletingLastPathComponent().path)
        }
        starts.append(currentDirectory)
        for start in starts {
            if let found = Self.search(upFrom: start) { return Location(path: found, origin: "default") }
        }
        throw NotFound(searched: starts)
    }

    /// The first `Models/default.clinicode-model` in `start` or a parent.
    static func search(upFrom start: String) -> String? {
        var directory = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent(defaultRelativePath).path
            if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }
}

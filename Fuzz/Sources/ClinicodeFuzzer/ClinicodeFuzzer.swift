import Clinicode
import FuzzSupport

#if canImport(Glibc)
import Glibc
#endif

/// The libFuzzer entry point: the input bytes, decoded as UTF-8 with
/// replacement (as the CLI readers do), go through every stage; any broken
/// invariant aborts, so libFuzzer saves the input as a crasher.
///
/// The model comes from `$CLINICODE_MODEL` or the package's default model.
@_cdecl("LLVMFuzzerTestOneInput")
public func clinicodeFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    let problems = FuzzTarget.checker.check(text)
    if !problems.isEmpty {
        FuzzTarget.report(problems)
        abort()
    }
    return 0
}

/// libFuzzer's driver, for when the build names our entry point `main`
/// (SwiftPM links an executable target's `<Module>_main` as `main`, which
/// hides libFuzzer's own).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The entry point SwiftPM's link expects; it hands over to libFuzzer.
@_cdecl("ClinicodeFuzzer_main")
public func clinicodeFuzzerMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in clinicodeFuzzOneInput(data, size) }
}

/// The stages, loaded once per fuzzing process.
enum FuzzTarget {
    static let checker: StageChecker = {
        do { return StageChecker(model: try StageChecker.loadModel(path: nil)) } catch {
            FuzzTarget.report(["cannot load the model: \(error) (set CLINICODE_MODEL)"])
            exit(2)
        }
    }()

    /// Prints the problems on stderr.
    static func report(_ problems: [String]) {
        for problem in problems { print("invariant broken: \(problem)") }
    }
}

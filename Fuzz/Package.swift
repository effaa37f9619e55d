// swift-tools-version:6.1
import PackageDescription

/// Robustness checks for Clinicode, kept out of the main package so that its
/// build never needs the sanitizer flags:
/// - `clinicode-fuzz-harness`: a deterministic, seeded property harness
///   (random clinical-ish notes plus byte-level mutations) that checks the
///   document invariants in process and drives the `clinicode` CLI with
///   hostile JSON Lines streams;
/// - `ClinicodeFuzzer`: a libFuzzer target over the same invariants
///   (build with `-sanitize=fuzzer,address`, see README.md).
let package = Package(
    name: "ClinicodeFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Clinicode", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Clinicode", package: "Clinicode")]),
        .executableTarget(name: "clinicode-fuzz-harness", dependencies: ["FuzzSupport"]),
        // libFuzzer supplies `main`, so this target is compiled as a library.
        .executableTarget(
            name: "ClinicodeFuzzer",
            dependencies: ["FuzzSupport"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)

// swift-tools-version:6.1
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, so the engine's package
/// identity is the name of the folder holding this one (e.g. `main` or `clinicode`).
let enginePackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

/// Clinicode's micro-benchmarks: a separate package so the benchmark
/// dependencies never reach the engine's own build.
let package = Package(
    name: "ClinicodeBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(path: ".."),
    ],
    targets: [
        // Deterministic synthetic notes, used when no real corpus is at hand.
        .target(name: "SyntheticNotes", dependencies: [.product(name: "Clinicode", package: enginePackage)]),
        .executableTarget(name: "generate-notes", dependencies: ["SyntheticNotes"]),
        .executableTarget(
            name: "StageBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Clinicode", package: enginePackage),
                "SyntheticNotes",
            ],
            path: "Benchmarks/StageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)

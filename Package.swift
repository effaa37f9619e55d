// swift-tools-version:6.1
import PackageDescription

/// Clinicode: clinical-note code suggestion.
///
/// Each pipeline stage is its own module so that its interface stays small
/// and its internals stay internal:
/// Text -> Terminology (matcher) -> Context -> Ranking, wired by `Clinicode`.
let package = Package(
    name: "Clinicode",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clinicode", targets: ["clinicode"]),
        .library(name: "Clinicode", targets: ["Clinicode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System ICU behind plain C types: importing ICU headers into Swift
        // clashes with Foundation's own _FoundationICU module.
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        // A cache prefetch for the stages' read-ahead loops: Swift has none.
        .target(name: "CPrefetch"),
        // Worker threads started on another processor than their creator's.
        .target(name: "CThreads"),
        // The document model every stage annotates, and the model-file container.
        .target(name: "ClinicodeCore"),
        .target(name: "ClinicodeText", dependencies: ["ClinicodeCore", "CICUShim"]),
        .target(name: "ClinicodeTerminology", dependencies: ["ClinicodeCore", "ClinicodeText", "CPrefetch"]),
        .target(name: "ClinicodeContext", dependencies: ["ClinicodeCore", "ClinicodeText", "CPrefetch"]),
        // Procedure code systems loaded from the user's licensed file, and
        // the procedure-only rules (not performed, most complete description).
        .target(name: "ClinicodeProcedures", dependencies: ["ClinicodeCore", "ClinicodeText", "ClinicodeTerminology"]),
        .target(
            name: "ClinicodeRanking",
            dependencies: [
                "ClinicodeCore", "ClinicodeText", "ClinicodeTerminology", "ClinicodeContext", "ClinicodeProcedures",
                "CPrefetch",
            ]
        ),
        .target(name: "ClinicodeEvaluation", dependencies: ["ClinicodeCore"]),
        .target(
            name: "Clinicode",
            dependencies: [
                "ClinicodeCore", "ClinicodeText", "ClinicodeTerminology",
                "ClinicodeContext", "ClinicodeProcedures", "ClinicodeRanking", "ClinicodeEvaluation",
                "CThreads",
            ]
        ),
        .executableTarget(
            name: "clinicode",
            dependencies: [
                "Clinicode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ClinicodeCoreTests", dependencies: ["ClinicodeCore"]),
        .testTarget(name: "ClinicodeTextTests", dependencies: ["ClinicodeText"]),
        .testTarget(name: "ClinicodeTerminologyTests", dependencies: ["ClinicodeTerminology"]),
        .testTarget(name: "ClinicodeContextTests", dependencies: ["ClinicodeContext", "ClinicodeText"]),
        .testTarget(name: "ClinicodeProceduresTests", dependencies: ["ClinicodeProcedures", "Clinicode"]),
        .testTarget(name: "ClinicodeRankingTests", dependencies: ["ClinicodeRanking", "Clinicode"]),
        .testTarget(name: "ClinicodeEvaluationTests", dependencies: ["ClinicodeEvaluation"], exclude: ["Fixtures"]),
        .testTarget(name: "ClinicodeCLITests", dependencies: ["Clinicode"], exclude: ["Regressions"]),
    ]
)

// swift-tools-version:6.0
// MMUSpec: write a lock protocol once in a Swift DSL, check it with Z3, replay its bugs as tests.
import PackageDescription

let package = Package(
    name: "MMUSpec",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mmuspec", targets: ["mmuspec"]),
        .library(name: "ProtocolDSL", targets: ["ProtocolDSL"]),
        .library(name: "ModelChecker", targets: ["ModelChecker"]),
        .library(name: "KVMMMU", targets: ["KVMMMU"]),
        .library(name: "Interleaving", targets: ["Interleaving"]),
        .library(name: "ReplayTesting", targets: ["ReplayTesting"]),
        .library(name: "KVMReplayAdapter", targets: ["KVMReplayAdapter"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "TestGen", targets: ["TestGen"]),
        .library(name: "MMUSpecCLI", targets: ["MMUSpecCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Z3's C API, found through pkg-config (Debian: libz3-dev).
        .systemLibrary(
            name: "CZ3",
            path: "Sources/CZ3",
            pkgConfig: "z3",
            providers: [.apt(["libz3-dev"])]
        ),
        // Safe Swift over the Z3 C API: errors are thrown, never exit(1).
        .target(name: "SMT", dependencies: ["CZ3"]),
        // The result-builder DSL and the typed IR of a protocol.
        .target(name: "ProtocolDSL"),
        // The protocol models and their presets.
        .target(name: "Models", dependencies: ["ProtocolDSL"], path: "Models"),
        // Bounded model checking (and later proofs) over the IR.
        .target(name: "ModelChecker", dependencies: ["ProtocolDSL", "SMT"]),
        // Deterministic scheduler over real threads.
        .target(name: "Interleaving"),
        // The replay-target protocol and the witness/regression checks generated tests call.
        .target(name: "ReplayTesting", dependencies: ["Interleaving"]),
        // The system under test: a real, concurrent Swift model of the KVM x86 MMU paths.
        .target(name: "KVMMMU", dependencies: ["Interleaving"]),
        // KVMMMU as the replay target of the KVM models.
        .target(name: "KVMReplayAdapter", dependencies: ["KVMMMU", "ReplayTesting", "Interleaving"]),
        // Counterexample -> XCTest source (emit-tests).
        .target(name: "TestGen", dependencies: ["ProtocolDSL", "ModelChecker"]),
        // The command tree of the command-line tool, as a library.
        .target(
            name: "MMUSpecCLI",
            dependencies: [
                "ProtocolDSL", "ModelChecker", "SMT", "TestGen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The command-line tool: a thin shell over MMUSpecCLI.
        .executableTarget(name: "mmuspec", dependencies: ["MMUSpecCLI", "Models"]),
        // libFuzzer targets: Benchmarks/fuzz.sh builds them with -sanitize=fuzzer,address -DFUZZING;
        // a plain build gives programs that only say so (see Fuzz/FuzzSupport/FuzzDriver.swift).
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzReach", dependencies: ["FuzzSupport", "ModelChecker", "ProtocolDSL", "Models"],
                          path: "Fuzz/FuzzReach"),
        .executableTarget(name: "FuzzCLI", dependencies: ["FuzzSupport", "MMUSpecCLI", "Models"], path: "Fuzz/FuzzCLI"),
        // Seeded random DSL protocols and the engine-against-engine comparison on them
        // (test support: used by DifferentialTests and by the DifferentialBench campaign).
        .target(
            name: "RandomProtocols",
            dependencies: ["ProtocolDSL", "ModelChecker"],
            path: "Tests/Support/RandomProtocols"
        ),
        // Benchmarks print tables; they are not tests.
        .executableTarget(
            name: "CheckBench",
            dependencies: ["ProtocolDSL", "Models", "ModelChecker"],
            path: "Benchmarks/CheckBench"
        ),
        .executableTarget(
            name: "DifferentialBench",
            dependencies: ["RandomProtocols", "ProtocolDSL", "ModelChecker"],
            path: "Benchmarks/DifferentialBench"
        ),
        .executableTarget(
            name: "ScaleBench",
            dependencies: ["ProtocolDSL", "Models", "ModelChecker"],
            path: "Benchmarks/ScaleBench"
        ),
        .executableTarget(
            name: "MMUBench",
            dependencies: ["KVMMMU", "Interleaving"],
            path: "Benchmarks/MMUBench"
        ),
        .executableTarget(
            name: "StressBench",
            dependencies: ["KVMMMU", "Models", "ProtocolDSL"],
            path: "Benchmarks/StressBench"
        ),

        // Unit tests.
        .testTarget(name: "SMTTests", dependencies: ["SMT"], path: "Tests/Unit/SMTTests"),
        .testTarget(name: "ProtocolDSLTests", dependencies: ["ProtocolDSL"], path: "Tests/Unit/ProtocolDSLTests"),
        .testTarget(
            name: "ModelCheckerTests",
            dependencies: ["ModelChecker", "ProtocolDSL", "Models", "RandomProtocols"],
            path: "Tests/Unit/ModelCheckerTests"
        ),
        .testTarget(name: "InterleavingTests", dependencies: ["Interleaving"], path: "Tests/Unit/InterleavingTests"),
        .testTarget(
            name: "KVMMMUTests",
            dependencies: ["KVMMMU", "KVMReplayAdapter", "ReplayTesting", "Interleaving", "Models", "ProtocolDSL",
                           "ModelChecker"],
            path: "Tests/Unit/KVMMMUTests"
        ),
        .testTarget(
            name: "TestGenTests",
            dependencies: ["TestGen", "ModelChecker", "ProtocolDSL", "Models", "KVMReplayAdapter", "ReplayTesting",
                           "Interleaving"],
            path: "Tests/Unit/TestGenTests",
            exclude: ["Golden"]
        ),
        // explicit, BMC, prove and SPIN agree on fixed-seed random protocols.
        .testTarget(name: "DifferentialTests", dependencies: ["RandomProtocols", "ModelChecker", "ProtocolDSL"],
                    path: "Tests/Unit/DifferentialTests"),
        // Replay tests written by `mmuspec emit-tests --all`; never edited by hand.
        .testTarget(name: "GeneratedReplayTests", dependencies: ["KVMReplayAdapter", "ReplayTesting"],
                    path: "Tests/GeneratedReplayTests"),
        // End-to-end tests of the built CLI.
        .testTarget(name: "CLITests", dependencies: ["mmuspec", "RandomProtocols"], path: "Tests/EndToEnd/CLITests"),
    ],
    swiftLanguageModes: [.v6]
)

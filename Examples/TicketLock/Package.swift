// swift-tools-version:6.0
// An outside package that uses MMUSpec on its own protocol and its own implementation: a ticket
// spinlock. It depends on MMUSpec by path, as a user's package would by URL.
import PackageDescription

let package = Package(
    name: "TicketLockExample",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "MMUSpec", path: "../.."),
    ],
    targets: [
        // The protocol, written once in MMUSpec's DSL, and the catalog that names its replay target.
        .target(name: "TicketLockModel", dependencies: [.product(name: "ProtocolDSL", package: "MMUSpec")]),
        // The real implementation: real threads and atomics, with a schedule point per model step.
        .target(name: "TicketLock", dependencies: [.product(name: "Interleaving", package: "MMUSpec")]),
        // The implementation as the replay target of the model.
        .target(name: "TicketLockReplay", dependencies: [
            "TicketLock",
            .product(name: "ReplayTesting", package: "MMUSpec"),
            .product(name: "Interleaving", package: "MMUSpec"),
        ]),
        // This package's own mmuspec: the whole command tree over this package's catalog.
        .executableTarget(name: "ticketlock-mmuspec", dependencies: [
            "TicketLockModel",
            .product(name: "MMUSpecCLI", package: "MMUSpec"),
        ]),
        // Replays written by `ticketlock-mmuspec emit-tests --all`; never edited by hand.
        .testTarget(name: "GeneratedReplayTests", dependencies: [
            "TicketLockReplay",
            .product(name: "ReplayTesting", package: "MMUSpec"),
        ], path: "Tests/GeneratedReplayTests"),
        // The generated files are fresh, a diverging implementation fails its replay, and every
        // verb of the package's own CLI works on its model.
        .testTarget(name: "TicketLockTests", dependencies: [
            "ticketlock-mmuspec",
            "TicketLockModel", "TicketLock", "TicketLockReplay",
            .product(name: "ReplayTesting", package: "MMUSpec"),
            .product(name: "Interleaving", package: "MMUSpec"),
            .product(name: "TestGen", package: "MMUSpec"),
            .product(name: "ProtocolDSL", package: "MMUSpec"),
        ], path: "Tests/TicketLockTests"),
    ],
    swiftLanguageModes: [.v6]
)

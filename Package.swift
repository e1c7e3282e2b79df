// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Rapport", targets: ["Rapport"]),
        // The readers, verdict writers and pipeline of `rapport classify`, for Swift clients that read
        // exports and write verdicts the way the CLI does.
        .library(name: "RapportIO", targets: ["RapportIO"]),
        .executable(name: "rapport", targets: ["rapport"]),
        .executable(name: "rapport-serve", targets: ["rapport-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation --target Rapport` builds the DocC catalog.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The HTTP service (RapportServer, rapport-serve) only: the engine and CLI targets don't use these.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // JSON string escaping, number text, did-you-mean and trimming: one owner for each, below everything.
        .target(
            name: "RapportSupport",
            swiftSettings: strict
        ),
        .target(
            name: "RapportYAML",
            dependencies: ["CLibYAML", "RapportSupport"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rapport-embed",
            path: "Sources/rapport-embed"
        ),
        .plugin(
            name: "EmbedRules",
            capability: .buildTool(),
            dependencies: ["rapport-embed"]
        ),
        .target(
            name: "Rapport",
            dependencies: ["RapportYAML", "RapportSupport"],
            swiftSettings: strict,
            plugins: ["EmbedRules"]
        ),
        .target(
            name: "RapportIO",
            dependencies: ["Rapport", "RapportSupport"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "Rapport",
                "RapportIO",
                "RapportSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The HTTP service lives in its own targets so that the engine's and CLI's tests never build
        // Hummingbird.
        .target(
            name: "RapportServer",
            dependencies: [
                "Rapport",
                "RapportIO",
                "RapportSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // `ExpectContinue` is a channel handler over the HTTP parts Hummingbird decodes.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rapport-serve",
            dependencies: [
                "RapportServer",
                "Rapport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RapportServerTests",
            dependencies: [
                "RapportServer",
                "RapportIO",
                "RapportYAML",
                "rapport",
                "rapport-serve",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RapportYAMLTests",
            dependencies: ["RapportYAML"],
            exclude: ["known-failures.txt"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RapportTests",
            dependencies: [
                "Rapport",
                "RapportSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RapportCLITests",
            dependencies: ["Rapport", "rapport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RapportIOTests",
            dependencies: ["RapportIO", "Rapport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

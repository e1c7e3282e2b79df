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
        .executable(name: "rapport", targets: ["rapport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation --target Rapport` builds the DocC catalog.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "RapportYAML",
            dependencies: ["CLibYAML"],
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
            dependencies: ["RapportYAML"],
            swiftSettings: strict,
            plugins: ["EmbedRules"]
        ),
        .target(
            name: "RapportIO",
            dependencies: ["Rapport"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "Rapport",
                "RapportIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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

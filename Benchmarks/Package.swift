// swift-tools-version: 6.1
// Benchmarks live in their own package so `swift test` and CI stay fast.
// Run: cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "RapportBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Rapport", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RapportBenchmarks",
            dependencies: [
                .product(name: "Rapport", package: "Rapport"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RapportBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

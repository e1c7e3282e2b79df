// swift-tools-version: 6.1
// Benchmarks live in their own package so `swift test` and CI stay fast.
// Run: cd Benchmarks && swift package benchmark
// Instruction counts (steady on a busy machine):
//   swift build -c release --product rapport-profile
//   valgrind --tool=callgrind .build/release/rapport-profile generated 10000 2000
import PackageDescription

let package = Package(
    name: "RapportBenchmarks",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rapport-profile", targets: ["rapport-profile"]),
    ],
    dependencies: [
        .package(name: "Rapport", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Rapport", package: "Rapport")]
        ),
        .executableTarget(
            name: "RapportBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Rapport", package: "Rapport"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RapportBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "rapport-profile",
            dependencies: ["BenchmarkSupport", .product(name: "Rapport", package: "Rapport")]
        ),
    ]
)

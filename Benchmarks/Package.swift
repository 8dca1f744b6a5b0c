// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the main build never resolves package-benchmark.
// MarketCore is compiled here from the same sources through the symlink Sources/MarketCore
// (a path dependency on the root package would resolve every server dependency too).
let package = Package(
    name: "BourseBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "MarketCore",
            path: "Sources/MarketCore",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "MarketCoreBenchmarks",
            dependencies: [
                "MarketCore",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MarketCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

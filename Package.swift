// swift-tools-version: 6.0
// HamiltonianSuite: physics video datasets, a tensor engine with double backward, and Hamiltonian model benchmarks.
import PackageDescription

/// Optimisation settings for the numerical hot paths. Debug builds stay debuggable; release builds drop
/// exclusivity checks, which cost measurable time in the inner loops of integrators, rendering and tensor kernels.
/// On x86-64 release builds also target Haswell-class processors (AVX2, FMA; every x86-64 server since 2013): Swift's
/// SIMD types then compile to 256-bit instructions instead of SSE's 128-bit ones, which is what makes the tensor
/// engine's Winograd F(4x4, 3x3) transforms pay (BENCHMARKS.md, "What each lever gained"). No fast-math: results are
/// the same IEEE operations.
#if arch(x86_64)
    let releaseFlags = ["-enforce-exclusivity=unchecked", "-target-cpu", "haswell"]
#else
    let releaseFlags = ["-enforce-exclusivity=unchecked"]
#endif
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(releaseFlags, .when(configuration: .release))
]

let package = Package(
    name: "HamiltonianSuite",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "physgen", targets: ["physgen"]),
        .executable(name: "hgnbench", targets: ["hgnbench"]),
        .library(name: "Physics", targets: ["Physics"]),
        .library(name: "Systems", targets: ["Systems"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Training", targets: ["Training"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C shims: the only places that see raw C handles.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Library modules, one concept each.
        .target(
            name: "SeededRandom", dependencies: [.product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: hotPathSettings),
        .target(name: "Support"),
        .target(
            name: "Physics",
            dependencies: ["SeededRandom", .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: hotPathSettings),
        .target(name: "Systems", dependencies: ["Physics"], swiftSettings: hotPathSettings),
        .target(name: "Rendering", dependencies: ["CZlib", "Support"], swiftSettings: hotPathSettings),
        .target(name: "HDF5", dependencies: ["CHDF5", "CZlib", "CDeflate"]),
        .target(
            name: "Datasets",
            dependencies: [
                "Physics", "Systems", "Rendering", "HDF5", "SeededRandom", "Support",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: hotPathSettings),
        .target(name: "Tensor", dependencies: ["CBLAS", "SeededRandom"], swiftSettings: hotPathSettings),
        .target(
            name: "Checkpoints",
            dependencies: ["Tensor", "HDF5", "Support", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Models", dependencies: ["Tensor", "SeededRandom"], swiftSettings: hotPathSettings),
        .target(
            name: "Training",
            dependencies: ["Models", "Tensor", "Checkpoints", "Datasets", "SeededRandom", "Support"],
            swiftSettings: hotPathSettings),
        .target(name: "Plotting", dependencies: ["Rendering", "Support"]),

        // Benchmark libraries (testable), used by the hgnbench executable.
        .target(
            name: "IntegratorComparison", dependencies: ["Physics", "Systems"], path: "Benchmarks/IntegratorComparison",
            swiftSettings: hotPathSettings),

        .target(
            name: "BenchmarkStatistics", dependencies: ["SeededRandom"], path: "Benchmarks/BenchmarkStatistics"),
        .target(
            name: "TableStudy",
            dependencies: [
                "BenchmarkStatistics", "Training", "Models", "Checkpoints", "Tensor", "Datasets", "Systems", "Physics",
                "Plotting",
                "Rendering", "Support", .product(name: "Numerics", package: "swift-numerics"),
            ],
            path: "Benchmarks/TableStudy", swiftSettings: hotPathSettings),
        .target(
            name: "FlowsStudy",
            dependencies: [
                "BenchmarkStatistics", "Training", "Models", "Tensor", "Datasets", "Rendering", "SeededRandom",
                "Support",
            ],
            path: "Benchmarks/FlowsStudy", swiftSettings: hotPathSettings),
        .target(
            name: "SpeedStudy", dependencies: ["Models", "Tensor", "SeededRandom", "Support"],
            path: "Benchmarks/SpeedStudy", swiftSettings: hotPathSettings),

        // Command-line tools.
        .executableTarget(
            name: "physgen",
            dependencies: [
                "Datasets", "Systems", "Physics", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "hgnbench",
            dependencies: [
                "IntegratorComparison", "TableStudy", "FlowsStudy", "SpeedStudy", "Training", "Models", "Tensor",
                "Systems", "Plotting", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/hgnbench",
            swiftSettings: hotPathSettings),

        // Tests mirror the modules; TestingSupport holds what several test targets need (a PNG reader).
        .target(name: "TestingSupport", dependencies: ["CZlib"], path: "Tests/TestingSupport"),
        .testTarget(
            name: "SeededRandomTests",
            dependencies: ["SeededRandom", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(
            name: "PhysicsTests",
            dependencies: ["Physics", "SeededRandom", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "SystemsTests", dependencies: ["Systems", "Physics", "SeededRandom"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "TestingSupport"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "CHDF5", "CZlib"]),
        .testTarget(
            name: "DatasetsTests",
            dependencies: [
                "Datasets", "Systems", "Physics", "HDF5", "SeededRandom", .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "CBLAS", "SeededRandom"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints", "Tensor", "HDF5", "SeededRandom"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Training", "Tensor", "SeededRandom"]),
        .testTarget(
            name: "TrainingTests",
            dependencies: ["Training", "Models", "Tensor", "Checkpoints", "Datasets", "SeededRandom"]),
        .testTarget(
            name: "PhysgenTests",
            dependencies: [
                "physgen", "Datasets", "Systems", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "Rendering", "TestingSupport"]),
        .testTarget(name: "IntegratorComparisonTests", dependencies: ["IntegratorComparison", "Physics", "Systems"]),
        .testTarget(name: "BenchmarkStatisticsTests", dependencies: ["BenchmarkStatistics"]),
        .testTarget(
            name: "FlowsStudyTests", dependencies: ["FlowsStudy", "BenchmarkStatistics"]),
        .testTarget(
            name: "TableStudyTests",
            dependencies: [
                "TableStudy", "BenchmarkStatistics", "Training", "Models", "Datasets", "Systems", "Tensor", "Support",
            ]),
        .testTarget(
            name: "HGNBenchTests",
            dependencies: [
                "hgnbench", "SpeedStudy", "TableStudy", "Tensor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ]
)

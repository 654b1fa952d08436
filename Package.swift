// swift-tools-version: 6.0
// HamiltonianSuite: physics video datasets, a tensor engine with double backward, and Hamiltonian model benchmarks.
import PackageDescription

/// Optimisation settings for the numerical hot paths. Debug builds stay debuggable; release builds drop
/// exclusivity checks, which cost measurable time in the inner loops of integrators, rendering and tensor kernels.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // C shims: the only places that see raw C handles.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Library modules, one concept each.
        .target(
            name: "Physics",
            dependencies: [.product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: hotPathSettings),
        .target(name: "Systems", dependencies: ["Physics"]),
        .target(name: "Rendering", dependencies: ["Physics", "CZlib"], swiftSettings: hotPathSettings),
        .target(name: "HDF5", dependencies: ["CHDF5", "CZlib"]),
        .target(name: "Datasets", dependencies: ["Physics", "Systems", "Rendering", "HDF5"], swiftSettings: hotPathSettings),
        .target(name: "Tensor", dependencies: ["CBLAS", "HDF5"], swiftSettings: hotPathSettings),
        .target(name: "Models", dependencies: ["Tensor", "Datasets", "Physics"], swiftSettings: hotPathSettings),
        .target(name: "Plotting", dependencies: ["Rendering"]),

        // Benchmark libraries (testable), used by the hgnbench executable.
        .target(
            name: "IntegratorComparison", dependencies: ["Physics"], path: "Benchmarks/IntegratorComparison",
            swiftSettings: hotPathSettings),

        // Command-line tools.
        .executableTarget(
            name: "physgen",
            dependencies: ["Datasets", "Systems", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "hgnbench",
            dependencies: [
                "Models", "Physics", "Datasets", "Rendering", "Plotting", "IntegratorComparison",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/hgnbench",
            swiftSettings: hotPathSettings),

        // Tests mirror the modules.
        .testTarget(name: "PhysicsTests", dependencies: ["Physics"]),
        .testTarget(name: "SystemsTests", dependencies: ["Systems"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Systems"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models"]),
        .testTarget(name: "PhysgenTests", dependencies: ["physgen", "Datasets", "Systems"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "IntegratorComparisonTests", dependencies: ["IntegratorComparison"]),
        .testTarget(name: "HGNBenchTests", dependencies: ["hgnbench"]),
    ]
)

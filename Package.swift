// swift-tools-version:6.0
import PackageDescription

// Targets and the direction of their dependencies follow DESIGN.md: the wire knows
// nothing of the kernel, the kernel nothing of the language; the executable joins them.
// The numeric targets are compiled for the AVX2/FMA machines the design targets:
// without it, SIMD code falls back to a call per lane (ENVIRONMENT.md).
let optimised: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .release))]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "JupyterWire", dependencies: ["CZeroMQ", "COpenSSL"]),
        .target(name: "JupyterKernel", dependencies: ["JupyterWire"]),
        .target(name: "Render"),
        .target(name: "Tensor", dependencies: ["COpenBLAS"], swiftSettings: optimised),
        .target(name: "Learn", dependencies: ["Tensor"], swiftSettings: optimised),
        .target(name: "Data", dependencies: ["COpenSSL", "CZlib"], resources: [.copy("Datasets")],
                swiftSettings: optimised),
        .target(name: "Language", dependencies: ["Render", "Data", "Learn", "Tensor"]),
        .executableTarget(
            name: "strata",
            dependencies: [
                "JupyterWire", "JupyterKernel", "Language", "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "strata-fuzz", dependencies: ["Language"], path: "Sources/StrataFuzz"),
        .testTarget(name: "JupyterWireTests", dependencies: ["JupyterWire"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "JupyterWire"]),
        .testTarget(name: "DataTests", dependencies: ["Data"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "LearnTests", dependencies: ["Learn", "Tensor"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "Render"],
                    resources: [.copy("Scripts")]),
    ]
)

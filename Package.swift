// swift-tools-version:6.0
import PackageDescription

// Targets and the direction of their dependencies follow DESIGN.md: the wire knows
// nothing of the kernel, the kernel nothing of the language; the executable joins them.
let optimised: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=haswell"], .when(configuration: .release))]

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
        .target(name: "JupyterWire", dependencies: ["CZeroMQ", "COpenSSL"]),
        .target(name: "JupyterKernel", dependencies: ["JupyterWire"]),
        .target(name: "Render"),
        .target(name: "Language", dependencies: ["Render"]),
        .executableTarget(
            name: "strata",
            dependencies: [
                "JupyterWire", "JupyterKernel", "Language", "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "strata-fuzz", dependencies: ["Language"], path: "Sources/StrataFuzz"),
        .testTarget(name: "JupyterWireTests", dependencies: ["JupyterWire"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "JupyterWire"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "Render"],
                    resources: [.copy("Scripts")]),
    ]
)

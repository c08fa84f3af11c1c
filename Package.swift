// swift-tools-version:6.0
import PackageDescription

// Targets and the direction of their dependencies follow DESIGN.md: the wire knows
// nothing of the kernel, the kernel nothing of the language; the executable joins them.
// The numeric targets are compiled for the AVX2/FMA machines the design targets:
// without it, SIMD code falls back to a call per lane (ENVIRONMENT.md).
// Debug builds of them are optimised too: unoptimised numeric Swift runs 50-500x
// slower, which would make training tests and notebooks crawl under `swift test`.
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strata", targets: ["strata"]),
        .executable(name: "strata-kernel", targets: ["strata-kernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in the graph through Hummingbird; named for the server's lifecycle,
        // its logger and the bound channel's address.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]),
        // PNG and JPEG decoding (and encoding, for fixtures) in memory, with libjpeg's
        // errors returned instead of exiting; optimised in debug builds too, since
        // load_images decodes thousands of files.
        .target(name: "CImageCodecs", dependencies: ["CPNG", "CJPEG"], cSettings: [.unsafeFlags(["-O2"])]),
        // CPUID, XGETBV and MXCSR, which Swift has no words for (Tensor's CPU checks and
        // floating-point mode).
        .target(name: "CPlatform"),
        // The optimizers' update loops, vectorised by clang (see its header). Optimised in
        // debug builds too, and never contracted into FMA, so every build rounds alike.
        .target(
            name: "OptimizerKernels",
            cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off", "-fno-math-errno"])]),
        // The one JSON reader and writer; Foundation-free, like the launcher that uses it.
        .target(name: "JSON"),
        // Foundation-free, so the launcher that links it alone starts in about a millisecond.
        .target(name: "JupyterConnection", dependencies: ["JSON"]),
        .target(name: "JupyterWire", dependencies: ["JupyterConnection", "CZeroMQ", "COpenSSL", "Digest"]),
        .target(name: "Digest", dependencies: ["COpenSSL"]),
        // Numbers, durations and dates as text: one formatter for every target that shows one.
        .target(name: "TextFormat"),
        .target(name: "JupyterKernel", dependencies: ["JupyterWire"]),
        .target(name: "Render", dependencies: ["CCairo"]),
        .target(
            name: "Store",
            dependencies: ["Digest", "JSON", "TextFormat", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Tensor", dependencies: ["COpenBLAS", "CPlatform"], swiftSettings: optimised),
        .target(name: "Learn", dependencies: ["Tensor", "OptimizerKernels", "TextFormat"], swiftSettings: optimised),
        .target(
            name: "Data", dependencies: ["Digest", "CZlib", "CImageCodecs", "TextFormat", "Tensor"],
            resources: [.copy("Datasets")], swiftSettings: optimised),
        // A store's objects in S3 (team mode): SigV4 of our own over async-http-client.
        .target(
            name: "StoreS3",
            dependencies: [
                "Store", "Digest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // `ingest` and `crawl`: files from folders, http(s) URLs, S3 prefixes and crawls, with
        // their provenance recorded in the store. A target of its own, not a folder of Data:
        // HTTP comes through async-http-client, which brings SwiftNIO, and Data is linked by
        // Experiments, Export and their tests, which load data and should not carry an event
        // loop for it. It reuses the team store's S3 client rather than signing requests twice.
        .target(
            name: "Ingest",
            dependencies: [
                "Store", "StoreS3", "Digest", "TextFormat",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // Runs, sweeps and the prediction log in PostgreSQL (team mode), over postgres-nio.
        .target(
            name: "StorePostgres",
            dependencies: [
                "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Typed runs, the training orchestrator and the run presenter; no language.
        .target(name: "Experiments", dependencies: ["Learn", "Data", "Store", "Render", "TextFormat"]),
        // ONNX files from a model spec and its weights, through the generated onnx.pb.swift
        // (scripts/generate-onnx-swift.sh); runs no Strata code.
        .target(
            name: "Export",
            dependencies: [
                "Learn", "Data", "Tensor", "Store", "Experiments",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        // The inference server (models from the store alone: spec, weights, preprocessing)
        // and the `strata ui` dashboard (pages of runs, sweeps, data and served models).
        .target(
            name: "Serve",
            dependencies: [
                "Experiments", "Learn", "Data", "Store", "JSON", "Tensor", "TextFormat", "Render", "Digest", "Export",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        .target(
            name: "Language",
            dependencies: [
                "Render", "Data", "Learn", "Tensor", "Store", "TextFormat", "Experiments",
                "Export", "Serve", "Ingest", "JSON",
            ]),
        .executableTarget(
            name: "strata",
            dependencies: [
                "JupyterWire", "JupyterKernel", "Language", "Render", "Store", "TextFormat", "Experiments", "Export",
                "Serve", "StorePostgres", "StoreS3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Binds the kernel's ports, then execs `strata kernel` (see its main.swift).
        .executableTarget(name: "strata-kernel", dependencies: ["JupyterConnection"], path: "Sources/StrataKernel"),
        // Test-only code (the program fuzzer, the AST printer), kept out of the shipped library.
        .target(name: "LanguageTestSupport", dependencies: ["Language", "Tensor"]),
        .executableTarget(
            name: "strata-fuzz", dependencies: ["Language", "LanguageTestSupport"], path: "Sources/StrataFuzz"),
        .executableTarget(
            name: "strata-bench", dependencies: ["Tensor", "Learn", "Experiments"], path: "Sources/StrataBench",
            swiftSettings: optimised),
        .testTarget(name: "JupyterWireTests", dependencies: ["JupyterWire"]),
        .testTarget(name: "JupyterConnectionTests", dependencies: ["JupyterConnection"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "JupyterWire"]),
        .testTarget(name: "DataTests", dependencies: ["Data", "Tensor", "CImageCodecs"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Store"]),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "StorePostgres", "StoreS3", .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(name: "StoreS3Tests", dependencies: ["StoreS3", "Store", "Digest"]),
        // Links no Language code: a run's model loads from the store alone.
        .testTarget(
            name: "ExperimentsTests", dependencies: ["Experiments", "Store", "Learn"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "Experiments", "Store", "Data", "Learn", "JSON"]),
        .testTarget(name: "TextFormatTests", dependencies: ["TextFormat"]),
        .testTarget(name: "RenderTests", dependencies: ["Render"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        // Fixtures: PyTorch's reference values and the script that wrote them, read from the source tree.
        .testTarget(name: "LearnTests", dependencies: ["Learn", "Tensor"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ExportTests",
            dependencies: [
                "Export", "Learn", "Data", "Tensor", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .testTarget(
            name: "LanguageTests", dependencies: ["Language", "LanguageTestSupport", "Render"],
            resources: [.copy("Scripts")]),
    ]
)

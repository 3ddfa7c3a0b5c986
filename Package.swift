// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "kumo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kumod", targets: ["kumod"]),
        .executable(name: "kumo", targets: ["kumo"]),
        .executable(name: "kumo-bench", targets: ["kumo-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
    ],
    targets: [
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .systemLibrary(
            name: "CLibvirt",
            pkgConfig: "libvirt",
            providers: [.apt(["libvirt-dev"])]
        ),
        .target(
            name: "KumoLibvirt",
            dependencies: ["CLibvirt"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoConfig",
            dependencies: [
                "KumoCore",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoBus",
            dependencies: [
                "CRabbitMQ",
                "KumoCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoStore",
            dependencies: [
                "KumoCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoHTTP",
            dependencies: [
                "KumoCore", "KumoAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoAuth",
            dependencies: [
                "KumoCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoIdentity",
            dependencies: [
                "KumoCore", "KumoBus", "KumoRPC", "KumoStore", "KumoRuntime", "KumoHTTP", "KumoAuth",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoRPC",
            dependencies: ["KumoCore", "KumoBus", "KumoAuth"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoMonitor",
            dependencies: [
                "KumoCore", "KumoBus", "KumoRPC", "KumoStore", "KumoRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoRuntime",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoStore", "KumoRPC", "KumoAuth",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoClient",
            dependencies: [
                "KumoCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoRing",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoObjectDisk",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoObject",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoRPC", "KumoRuntime", "KumoHTTP", "KumoAuth", "KumoRing",
                "KumoObjectDisk", "KumoClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoImage",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoRuntime", "KumoHTTP", "KumoStore", "KumoClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoScheduler",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoRPC", "KumoStore", "KumoRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoVirt",
            dependencies: [
                "KumoCore", "KumoRPC", "KumoLibvirt", "KumoRuntime", "KumoClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoCompute",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoRPC", "KumoStore", "KumoRuntime", "KumoHTTP", "KumoAuth",
                "KumoClient", "KumoScheduler",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoComputeAgent",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoRPC", "KumoRuntime", "KumoVirt", "KumoLibvirt", "KumoClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoCLI",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoRuntime", "KumoRPC", "KumoClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KumoTesting",
            dependencies: [
                "KumoCore", "KumoBus", "KumoRuntime", "KumoClient", "KumoVirt", .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kumod",
            dependencies: [
                "KumoCore", "KumoConfig", "KumoBus", "KumoRuntime", "KumoMonitor", "KumoIdentity", "KumoRPC", "KumoObject", "KumoRing",
                "KumoImage", "KumoScheduler", "KumoCompute", "KumoComputeAgent",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kumo-bench",
            dependencies: [
                "KumoCore", "KumoBus", "KumoRuntime", "KumoTesting", "KumoAuth", "KumoClient", "KumoScheduler", "KumoRPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kumo",
            dependencies: ["KumoCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoBusTests",
            dependencies: ["KumoBus", "KumoTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoConfigTests",
            dependencies: ["KumoConfig"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoStoreTests",
            dependencies: ["KumoStore", "KumoTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoHTTPTests",
            dependencies: [
                "KumoHTTP", "KumoCore", "KumoClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoAuthTests",
            dependencies: ["KumoAuth", "KumoCore", "KumoTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoIdentityTests",
            dependencies: [
                "KumoIdentity", "KumoAuth", "KumoConfig", "KumoCore", "KumoHTTP", "KumoRuntime", "KumoStore", "KumoTesting",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoMonitorTests",
            dependencies: ["KumoMonitor", "KumoRPC", "KumoStore", "KumoTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoSchedulerTests",
            dependencies: ["KumoScheduler", "KumoRPC", "KumoStore", "KumoTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoRuntimeTests",
            dependencies: ["KumoRuntime", "KumoTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoRingTests",
            dependencies: ["KumoRing", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoObjectDiskTests",
            dependencies: ["KumoObjectDisk", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoImageTests",
            dependencies: [
                "KumoImage", "KumoClient", "KumoCore", "KumoHTTP", "KumoTesting",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoObjectTests",
            dependencies: ["KumoObject", "KumoCore", "KumoTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoComputeTests",
            dependencies: ["KumoCompute", "KumoClient", "KumoCore", "KumoHTTP", "KumoRPC", "KumoRuntime", "KumoTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoCLITests",
            dependencies: [
                "KumoCLI", "KumoClient", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoVirtTests",
            dependencies: ["KumoVirt", "KumoRPC", "KumoLibvirt", "KumoRuntime"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KumoIntegrationTests",
            dependencies: [
                "KumoAuth", "KumoBus", "KumoClient", "KumoCore", "KumoRPC", "KumoRuntime", "KumoTesting", "KumoRing",
                "KumoLibvirt", "KumoVirt",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

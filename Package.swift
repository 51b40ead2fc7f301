// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")]
// The per-bar path (engine, Lua host, indicators) runs with exclusivity checks only in debug builds:
// in release they cost about a tenth of a bar (measured with perf, docs/architecture.md#performance).
let hotPath: [SwiftSetting] = strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Spark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spark", targets: ["spark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // System Lua 5.4, found with pkg-config (Debian names it lua5.4, links -llua5.4).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // Macro wrappers and every Lua API call that may longjmp; no Swift frame is ever unwound.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "LuaRuntime", dependencies: ["CLuaShim"], swiftSettings: hotPath),
        .target(name: "SparkCore", swiftSettings: hotPath),
        .target(name: "Engine", dependencies: ["SparkCore"], swiftSettings: hotPath),
        .target(name: "Guardrails", dependencies: ["Engine", "SparkCore", "LuaRuntime"], swiftSettings: hotPath),
        .target(name: "Strategies", dependencies: ["LuaRuntime", "Engine", "SparkCore"], swiftSettings: hotPath),
        // System zlib: the zip reader inflates Binance dump files with it (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "MarketData", dependencies: ["SparkCore", "CZlib"], swiftSettings: strict),
        // System Cairo, found with pkg-config (Debian: libcairo2-dev): PNG charts for reports.
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // Charts (equity, heat map, bars, lines) as PNG bytes, and a self-contained HTML page builder.
        .target(name: "Charts", dependencies: ["CCairo"], swiftSettings: strict),
        // Binance REST fetch: the only target that needs FoundationNetworking.
        .target(name: "MarketFetch", dependencies: ["MarketData", "SparkCore"], swiftSettings: strict),
        .target(
            name: "Store",
            dependencies: [
                "SparkCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // The project (spark.yaml, its approvals, policies and state), the one strict YAML reader and the
        // one error type for files a user writes; every layer that reads a desk file depends on it.
        .target(name: "SparkConfig", dependencies: ["SparkCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // The hash-chained audit log; tiny on purpose so any layer can append to it.
        .target(name: "Audit", dependencies: ["SparkCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // Param-set identity, keys, signed statements, quorum rules and the launch gate. No Lua: a param
        // set's values are SparkCore's ParamValue.
        .target(
            name: "Approvals",
            dependencies: [
                "Audit", "SparkCore", "SparkConfig",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The project desk's files: guardrail policies, param sets, instruments, read strictly. Guardrails for
        // the policy model, Strategies for the schema a param set is checked against.
        .target(
            name: "Desk",
            dependencies: [
                "SparkCore", "SparkConfig", "Guardrails", "Strategies",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Backtest, paper and replay, their run setup (with the launch gate), guardrail state and reports.
        // The session kernel: one assembly of strategy, engine, guard and venue, fed by an event source;
        // on the per-bar path, so it is built like the engine.
        .target(
            name: "Session",
            dependencies: [
                "SparkCore", "Engine", "Strategies", "Guardrails", "MarketData", "Store", "LuaRuntime", "Approvals", "SparkConfig", "Desk",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotPath
        ),
        .target(
            name: "Drivers",
            dependencies: [
                "Session", "SparkCore", "Engine", "Strategies", "Guardrails", "MarketData", "Store", "LuaRuntime", "Approvals", "Audit", "SparkConfig", "Desk",
                "Telemetry", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Data operations: import, export, fetch, quality, store listing. The only target above MarketData
        // that links MarketFetch; it uses the drivers' output-file, progress and JSON helpers.
        .target(
            name: "DataOps",
            dependencies: [
                "Drivers", "MarketData", "MarketFetch", "Store", "SparkCore", "SparkConfig",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The approvals workflow: diffs, proposals with backtest evidence, paper records, promotion.
        .target(
            name: "Workflow",
            dependencies: ["Drivers", "Desk", "Approvals", "Audit", "Engine", "LuaRuntime", "Strategies", "SparkCore", "SparkConfig"],
            swiftSettings: strict
        ),
        // The research lab: sweeps, walk-forward, leaderboards, reports and evidence.
        .target(
            name: "Lab",
            dependencies: [
                "Drivers", "Live", "Desk", "Charts", "Engine", "Strategies", "SparkConfig", "SparkCore", "Store", "MarketData", "LuaRuntime",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Binance spot, as values: orders, reports, filters, rate limits, signing, client ids, and the
        // `ExchangeGateway` protocol the live venue trades through. No networking.
        .target(name: "Binance", dependencies: ["SparkCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // Binance over the network: the signed REST client and the WebSocket API user-data stream
        // (an `ExchangeGateway`). The only target besides MarketStream that opens sockets to an exchange.
        .target(
            name: "BinanceNet",
            dependencies: [
                "Binance", .product(name: "WSClient", package: "swift-websocket"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The live market feed: combined WebSocket streams (closed klines, trades, book ticker) with
        // reconnects, rolls, gap detection and REST back-fill, written to the store as bars close.
        .target(
            name: "MarketStream",
            dependencies: [
                "Session", "Store", "MarketData", "MarketFetch", "SparkCore",
                .product(name: "WSClient", package: "swift-websocket"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The live session: write-ahead journal, order state machine, reconciliation, kill switch and
        // the live venue over an `ExchangeGateway`.
        .target(
            name: "Live",
            dependencies: [
                "Binance", "Session", "Drivers", "Engine", "Guardrails", "Strategies", "SparkCore", "SparkConfig", "Approvals", "Audit", "Desk",
                "Telemetry", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // A live session assembled from a project: pinned credentials, the gate, the Binance gateway, the
        // operator's kill switch and flatten requests, and the gate between inputs.
        .target(
            name: "LiveLaunch",
            dependencies: ["Live", "Binance", "BinanceNet", "MarketStream", "MarketData", "Session", "Drivers", "Desk", "Approvals", "Audit", "SparkConfig", "SparkCore"],
            swiftSettings: strict
        ),
        // A Binance spot exchange on loopback for tests, the demo and benchmarks, with injectable faults.
        // Never linked into `spark`.
        .target(
            name: "FakeBinance",
            dependencies: [
                "SparkCore", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "spark-fake-binance",
            dependencies: ["FakeBinance", "SparkCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // A session's child process reports to its supervisor through an append-only telemetry file:
        // plain Codable lines, so `spark paper` and `spark live` need no metrics library.
        .target(name: "Telemetry", swiftSettings: strict),
        // `spark serve`: executor, backtest and streams services on Hummingbird, their metrics and signed control.
        .target(
            name: "Serve",
            dependencies: [
                "Telemetry", "Approvals", "Audit", "SparkConfig", "Store", "Drivers", "MarketStream", "Live", "MarketData", "Charts", "Workflow",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // `spark demo`: the tour, outside the libraries; only the CLI (and its test) links it.
        .target(
            name: "Demos",
            dependencies: ["Live", "Lab", "Workflow", "DataOps", "Drivers", "Desk", "Approvals", "Audit", "Engine", "LuaRuntime", "MarketData", "Store", "SparkCore", "SparkConfig", "Serve"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "spark",
            dependencies: [
                "Demos", "Lab", "Workflow", "DataOps", "Drivers", "Desk", "Approvals", "Audit", "SparkConfig", "SparkCore", "MarketData", "MarketFetch",
                "Binance", "BinanceNet", "MarketStream", "Live", "LiveLaunch", "Telemetry", "Serve",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SparkBench",
            dependencies: [
                "Lab", "DataOps", "Drivers", "Desk", "Approvals", "Engine", "Strategies", "Guardrails", "LuaRuntime", "SparkCore", "MarketData", "Store",
                "Live", "Binance", "BinanceNet", "FakeBinance", "MarketStream", "Serve", "SparkConfig", "Workflow",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "WSClient", package: "swift-websocket"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "SparkCoreTests", dependencies: ["SparkCore"]),
        .testTarget(name: "SparkConfigTests", dependencies: ["SparkConfig"]),
        .testTarget(name: "LuaRuntimeTests", dependencies: ["LuaRuntime"], exclude: ["Hostile"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "SparkCore"]),
        .testTarget(name: "GuardrailsTests", dependencies: ["Guardrails", "Engine", "SparkCore"]),
        .testTarget(name: "StrategiesTests", dependencies: ["Strategies", "Engine", "SparkCore", "LuaRuntime"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "SparkCore"]),
        .testTarget(name: "MarketFetchTests", dependencies: ["MarketFetch", "MarketData", "FakeBinance"]),
        .testTarget(name: "SessionTests", dependencies: ["Session", "Engine", "Store", "SparkCore", "MarketData"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SparkCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AuditTests", dependencies: ["Audit"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "ApprovalsTests", dependencies: ["Approvals", "Audit", "SparkCore"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Drivers", "Desk", "Engine", "Strategies", "Store", "SparkCore"]),
        .testTarget(
            name: "DriversTests",
            dependencies: [
                "Drivers", "Desk", "DataOps", "Workflow", "Approvals", "Audit", "Engine", "Strategies", "Guardrails", "SparkCore", "MarketData", "MarketFetch", "Store",
                "FakeBinance",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "BinanceTests", dependencies: ["Binance"]),
        .testTarget(name: "BinanceNetTests", dependencies: ["BinanceNet", "Binance", "FakeBinance"]),
        .testTarget(name: "MarketStreamTests", dependencies: ["MarketStream", "FakeBinance", "Store", "SparkCore", "Drivers", "Session", "Workflow", "Approvals", "SparkConfig", "Engine", "LuaRuntime"]),
        .testTarget(name: "LiveTests", dependencies: ["Live", "Binance", "Drivers", "Workflow", "Desk", "Engine", "SparkCore", "SparkConfig", "Approvals", "Audit"]),
        .testTarget(name: "LiveLaunchTests", dependencies: ["LiveLaunch", "Live", "Lab", "Binance", "BinanceNet", "FakeBinance", "Workflow", "Drivers", "Engine", "Approvals", "SparkConfig", "SparkCore"]),
        .testTarget(name: "FakeBinanceTests", dependencies: ["FakeBinance", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "WSClient", package: "swift-websocket")]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"]),
        .testTarget(
            name: "ServeTests",
            dependencies: [
                "Serve", "Telemetry", "Approvals", "SparkConfig", "Workflow", "Store", "FakeBinance", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "DemosTests", dependencies: ["Demos", "Drivers"]),
        // Runs every shell block of README.md and docs/ in a fresh copy of the project, and checks
        // that the docs name every instruments key, ctx method and callback the code has.
        .testTarget(name: "DocsTests", dependencies: ["Desk"]),
        // Reads files only: the layout rules every source file keeps (no function over 80 lines).
        .testTarget(name: "LayoutTests"),
    ],
    swiftLanguageModes: [.v6]
)

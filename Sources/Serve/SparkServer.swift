public import Foundation
import Hummingbird
import HummingbirdWebSocket
import HummingbirdCore
import Logging
import ServiceLifecycle
public import SparkConfig
import Approvals

/// `spark serve`: the chosen services, each on its own port, in one process and one service group.
///
/// Shutdown (SIGTERM, SIGINT or ``stop()``) runs in reverse start order: the market feeds, the
/// backtest workers and the sessions stop first (sessions between bars, journals closed), the
/// HTTP listeners last.
public final class SparkServer: Sendable {
    /// The port each service listens on (the real one when the settings said 0).
    public let ports: [ServiceKind: Int]
    public let supervisor: SessionSupervisor?
    public let queue: BacktestQueue?
    public let streams: StreamsService?
    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>

    private init(ports: [ServiceKind: Int], supervisor: SessionSupervisor?, queue: BacktestQueue?, streams: StreamsService?, group: ServiceGroup, runTask: Task<Void, any Error>) {
        self.ports = ports
        self.supervisor = supervisor
        self.queue = queue
        self.streams = streams
        self.group = group
        self.runTask = runTask
    }

    /// Starts `services` of `project` and returns once every listener is bound.
    public static func start(
        project: Project, services: Set<ServiceKind>, executable: String, version: String, handleSignals: Bool,
        now: @escaping @Sendable () -> Date = Date.init, log: @escaping @Sendable (String) -> Void
    ) async throws(ServeError) -> SparkServer {
        let settings = project.settings.serve
        guard settings.bindsLoopback || settings.allowInsecureBind else {
            throw ServeError("bind", "serve.bind \(settings.bind) is not loopback and Spark serves plain HTTP", where: project.configPath, hint: "keep 127.0.0.1, or set allow_insecure_bind: true behind a TLS proxy")
        }
        let database = try ServeDatabase.open(path: "\(project.stateDirectory)/serve.sqlite")
        var metrics: [ServiceKind: ServiceMetrics] = [:]
        for kind in services { metrics[kind] = ServiceMetrics(service: kind.rawValue, version: version) }
        let gate = ControlGate(
            keysPath: "\(project.approvalsDirectory)/keys.yaml",
            logs: GovernanceLogs(approvalsDirectory: project.approvalsDirectory, stateDirectory: project.stateDirectory),
            database: database, skewSeconds: settings.controlSkewSeconds, metrics: Array(metrics.values), now: now
        )
        func environment(_ kind: ServiceKind) -> ServeEnvironment {
            ServeEnvironment(project: project, database: database, metrics: metrics[kind]!, executable: executable, now: now, log: log)
        }
        let supervisor = services.contains(.executor) ? SessionSupervisor(environment: environment(.executor)) : nil
        let queue = services.contains(.backtest) ? BacktestQueue(environment: environment(.backtest)) : nil
        let streams = services.contains(.streams) ? StreamsService(environment: environment(.streams)) : nil
        var listeners: [any Service] = []
        var bound: [ServiceKind: AsyncStream<Int>] = [:]
        var sinks: [AsyncStream<Int>.Continuation] = []
        for kind in ServiceKind.allCases where services.contains(kind) {
            let router = Router(context: BasicWebSocketRequestContext.self)
            router.add(middleware: HTTPMetricsMiddleware(metrics: metrics[kind]!))
            switch kind {
            case .executor:
                HealthRoutes(metrics: metrics[kind]!, readiness: { await supervisor!.notReady() }).install(on: router)
                ExecutorRoutes(supervisor: supervisor!, gate: gate, environment: environment(kind)).install(on: router)
            case .backtest:
                HealthRoutes(metrics: metrics[kind]!, readiness: { await queue!.notReady() }).install(on: router)
                BacktestRoutes(queue: queue!, gate: gate, environment: environment(kind)).install(on: router)
            case .web:
                HealthRoutes(metrics: metrics[kind]!, readiness: { [] }).install(on: router)
                do {
                    WebRoutes(pages: try WebPages(environment: environment(kind))).install(on: router)
                } catch {
                    throw ServeError("web", "the dashboard's templates do not compile: \(error)", where: "WebTemplates.swift")
                }
            case .streams:
                HealthRoutes(metrics: metrics[kind]!, readiness: { await streams!.notReady() }).install(on: router)
                StreamsRoutes(streams: streams!).install(on: router)
                StreamsRelayRoutes(streams: streams!).install(on: router)
            }
            let (ports, sink) = AsyncStream<Int>.makeStream()
            bound[kind] = ports
            sinks.append(sink)
            listeners.append(Self.application(router: router, kind: kind, settings: settings, sink: sink))
        }
        var tasks: [any Service] = []
        if let supervisor { tasks.append(LifecycleTask(name: "sessions", start: { try await supervisor.boot() }, stop: { await supervisor.shutdown() })) }
        if let queue { tasks.append(LifecycleTask(name: "backtests", start: { try await queue.boot() }, stop: { await queue.shutdown() })) }
        if let streams { tasks.append(LifecycleTask(name: "streams", start: { await streams.boot() }, stop: { await streams.shutdown() })) }
        var logger = Logger(label: "spark-serve")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: (listeners + tasks).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger
        ))
        let waiting = sinks
        // A listener that fails to bind ends the group: then no port is coming, and start() must not wait for one.
        let runTask = Task {
            defer { waiting.forEach { $0.finish() } }
            try await group.run()
        }
        var ports: [ServiceKind: Int] = [:]
        for (kind, stream) in bound {
            for await port in stream {
                ports[kind] = port
                break
            }
            guard (ports[kind] ?? 0) > 0 else {
                await group.triggerGracefulShutdown()
                _ = try? await runTask.value
                throw ServeError("bind", "the \(kind.rawValue) service could not listen on \(settings.bind):\(kind.port(in: settings))", where: project.configPath, hint: "another process holds the port: stop it, or set serve.\(kind.rawValue)_port")
            }
        }
        if let supervisor, streams != nil, let port = ports[.streams] {
            await supervisor.relay(url: "http://\(settings.bind):\(port)", symbols: Set(settings.streamSymbols), interval: settings.streamInterval)
        }
        return SparkServer(ports: ports, supervisor: supervisor, queue: queue, streams: streams, group: group, runTask: runTask)
    }

    private static func application(router: Router<BasicWebSocketRequestContext>, kind: ServiceKind, settings: ServeSettings, sink: AsyncStream<Int>.Continuation) -> any Service {
        var logger = Logger(label: "spark-\(kind.rawValue)")
        logger.logLevel = .critical
        // A slow client holds a connection for at most the idle timeout; the streams service also
        // upgrades /stream to WebSocket, pinging its clients as Binance does.
        let http = HTTP1Channel.Configuration(idleTimeout: .seconds(30))
        let server: HTTPServerBuilder = kind == .streams
            ? .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(http1: http, ws: .init(autoPing: .enabled(timePeriod: .seconds(20)))))
            : .http1(configuration: http)
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(settings.bind, port: kind.port(in: settings)), serverName: "spark-\(kind.rawValue)"),
            onServerRunning: { channel in
                sink.yield(channel.localAddress?.port ?? 0)
                sink.finish()
            },
            logger: logger
        )
    }

    /// Shuts down gracefully and waits until everything stopped.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await runTask.value
    }

    /// Waits until the server stops (a signal, or ``stop()``); rethrows what ended it.
    public func wait() async throws {
        try await runTask.value
    }
}

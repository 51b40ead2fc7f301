import ServiceLifecycle

/// Runs a piece of the server (the executor's sessions, the backtest workers, the market feeds) as
/// a lifecycle service: it starts after the HTTP listeners and, shut down in reverse order, stops
/// before them, so the API answers until every session has closed its journal.
struct LifecycleTask: Service {
    let name: String
    let start: @Sendable () async throws -> Void
    let stop: @Sendable () async -> Void

    func run() async throws {
        try await start()
        try? await gracefulShutdown()
        await stop()
    }
}

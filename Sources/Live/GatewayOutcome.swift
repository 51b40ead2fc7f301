public import Binance

/// What one gateway call answered: the order reports, or the failure.
public enum GatewayOutcome: Sendable, Equatable, Codable {
    case reports([OrderReport])
    case failure(RecordedError)

    /// Runs `call` and records what it answered.
    static func of(_ call: () async throws(GatewayError) -> [OrderReport]) async -> GatewayOutcome {
        do {
            return .reports(try await call())
        } catch {
            return .failure(RecordedError(error))
        }
    }
}

public import Binance

/// A user-data stream event as the journal keeps it (``Binance/UserStreamEvent``, codable).
public enum StreamRecord: Sendable, Equatable, Codable {
    case subscribed
    case execution(report: OrderReport, eventTime: Int64)
    case balances(balances: [AssetBalance], eventTime: Int64)
    case disconnected(reason: String)

    public init(_ event: UserStreamEvent) {
        switch event {
        case .subscribed: self = .subscribed
        case .execution(let report, let time): self = .execution(report: report, eventTime: time)
        case .balances(let balances, let time): self = .balances(balances: balances, eventTime: time)
        case .disconnected(let reason): self = .disconnected(reason: reason)
        }
    }
}

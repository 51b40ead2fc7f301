public import SparkCore

/// Something the engine decided or booked, carrying what its readers need to show it.
///
/// The ordered list of these is what parity compares. A decision names its symbol and how that
/// symbol's prices and quantities print, so the journal, the decision log, the store and reports
/// render it without the engine that made it.
public struct Decision: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case submitted(Order)
        case rejected(Order)
        case cancelRequested(OrderID, time: Int64)
        case ended(OrderUpdate)
        case filled(Fill)
        case strategyFailed(StrategyFailure, eventIndex: Int)
        /// Refused by a guardrail rule before reaching the venue.
        case guardRejected(Order, GuardRejection)
        /// The venue could not say whether a submit or cancel took effect; the order stays open.
        case unknown(OrderID, command: VenueEvent.UnknownCommand, time: Int64)
        /// A breaker or the kill switch changed the trading mode.
        case breaker(BreakerTransition)
    }

    /// The symbol an order decision is about, and its grid: one shared instance per symbol, so a
    /// decision carries it for the cost of a reference.
    public final class Subject: Sendable, Equatable {
        public let symbol: String
        public let priceDecimals: Int
        public let quantityDecimals: Int

        public init(symbol: String, priceDecimals: Int, quantityDecimals: Int) {
            self.symbol = symbol
            self.priceDecimals = priceDecimals
            self.quantityDecimals = quantityDecimals
        }

        public static func == (lhs: Subject, rhs: Subject) -> Bool {
            lhs === rhs || (lhs.symbol == rhs.symbol && lhs.priceDecimals == rhs.priceDecimals && lhs.quantityDecimals == rhs.quantityDecimals)
        }

        public func format(_ price: Price) -> String { FixedFormat.string(price.units, decimals: priceDecimals) }
        public func format(_ quantity: Quantity) -> String { FixedFormat.string(quantity.units, decimals: quantityDecimals) }
    }

    public var event: Event
    /// Nil for decisions about no order (a halt, a breaker).
    public var subject: Subject?

    /// Whether this admitted or refused an order: what decision logs and order verdicts list.
    public var isOrderDecision: Bool {
        switch event {
        case .submitted, .rejected, .guardRejected: true
        default: false
        }
    }

    public init(_ event: Event, subject: Subject?) {
        self.event = event
        self.subject = subject
    }
}

public import SparkCore

/// Where orders go: commands in, events out, and never a call back into the engine.
///
/// The simulated venue implements it for backtest and paper; the live venue will implement it over an
/// exchange. A venue never reads engine state: what it needs comes with the command (the order) or
/// from its own book (balances, positions and resting orders, kept from its own fills), as on an
/// exchange. The kernel sends commands only between phases and reads events only when the venue is
/// not working, so nothing re-enters.
public protocol Venue: AnyObject {
    /// Takes the commands one phase produced. What the venue can answer at once (a rejection, a
    /// cancel) is in the next ``drainEvents()``; new orders work from the next bar, except market
    /// orders placed in `on_bar` under a fill-at-close model.
    func send(_ commands: [VenueCommand], phase: RoutingPhase, time: Int64)
    /// A bar's open and range, before the strategy sees the bar: resting orders fill here.
    /// Returns whether events wait in ``drainEvents()`` (one call per bar, not two).
    @discardableResult
    func open(_ bar: Bar) -> Bool
    /// A bar's close, after the strategy saw it: market orders placed in `on_bar` fill here under
    /// a fill-at-close model. Returns whether events wait in ``drainEvents()``.
    @discardableResult
    func close(_ bar: Bar) -> Bool
    /// Whether events wait in ``drainEvents()``.
    var hasEvents: Bool { get }
    /// What happened since the last call, in the order it happened.
    func drainEvents() -> [VenueEvent]
}

/// When commands reach the venue, which decides when their orders may first fill.
public enum RoutingPhase: Sendable, Equatable {
    /// After the strategy's `on_bar`: under ``FillModel/MarketFill/close`` a market order fills at this
    /// bar's close; every other order works from the next bar.
    case afterBar
    /// After any other callback (`on_start`, `on_fill`, `on_order`, an operator control): every order
    /// works from the next bar.
    case betweenBars
    /// The end of a run: market orders fill at once at the last close seen, paying the taker fee.
    case closeOut
}

/// An instruction to a venue.
public enum VenueCommand: Sendable, Equatable {
    /// A new order; for a bracket, the entry and its two exits arrive in one command list.
    case submit(Order)
    case cancel(OrderID, reason: String)
}

/// A venue's report about one order.
public enum VenueEvent: Sendable, Equatable {
    /// The order is working (or waiting for its trigger or parent).
    case accepted(OrderID, time: Int64)
    /// Refused by the venue: never worked, nothing filled (or nothing more, for a partly filled order).
    case rejected(OrderID, reason: String, time: Int64)
    /// A fill that leaves part of the order working.
    case partiallyFilled(Fill)
    /// The fill that completes the order.
    case filled(Fill)
    case cancelled(OrderID, reason: String, time: Int64)
    /// Ended by its time in force (IOC, FOK, GTD) or a reduce-only order with nothing to reduce.
    case expired(OrderID, reason: String, time: Int64)
    /// The venue cannot say whether a submit or cancel took effect (a timeout on a live exchange).
    /// The simulated venue never sends it; the engine keeps the order open and never resubmits it.
    case unknown(OrderID, command: UnknownCommand, time: Int64)

    /// Which command's outcome is unknown.
    public enum UnknownCommand: String, Sendable {
        case submit, cancel
    }

    /// The order the event is about.
    public var orderID: OrderID {
        switch self {
        case .accepted(let id, _), .rejected(let id, _, _), .cancelled(let id, _, _), .expired(let id, _, _), .unknown(let id, _, _): id
        case .partiallyFilled(let fill), .filled(let fill): fill.orderID
        }
    }
}

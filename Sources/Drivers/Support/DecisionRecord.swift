public import Engine
import Foundation
public import SparkCore

/// A decision as every reader sees it: the journal, decisions.jsonl, the store and reports.
///
/// Built once from a ``Decision`` (which carries its symbol and grid), so no reader needs the engine;
/// a replay decodes the journal's records and compares them with its own as values. Fields that do
/// not apply to a kind are absent.
public struct DecisionRecord: Codable, Sendable, Equatable {
    public var type = "decision"
    /// submitted, rejected, cancel, cancelled, expired, filled (an order ended filled), fill, unknown, halt, breaker.
    public var kind: String
    public var order: Int64?
    public var symbol: String?
    public var side: String?
    public var orderType: String?
    public var qty: String?
    public var price: String?
    public var trigger: String?
    public var tif: String?
    public var postOnly: Bool?
    public var reduceOnly: Bool?
    public var trail: String?
    public var parent: Int64?
    public var sibling: Int64?
    public var origin: String?
    public var tag: String?
    public var reason: String?
    public var rule: String?
    public var code: String?
    public var fee: String?
    public var maker: Bool?
    public var command: String?
    public var breaker: String?
    public var from: String?
    public var to: String?
    public var event: Int?
    public var message: String?
    public var time: Int64?

    enum CodingKeys: String, CodingKey {
        case type, kind, order, symbol, side, orderType = "order_type", qty, price, trigger, tif, postOnly = "post_only"
        case reduceOnly = "reduce_only", trail, parent, sibling, origin, tag, reason, rule, code, fee, maker, command
        case breaker, from, to, event, message, time
    }

    public init(kind: String) {
        self.kind = kind
    }

    /// Renders `decision` with its own symbol name and instrument-exact decimals.
    public init(_ decision: Decision) {
        let subject = decision.subject
        switch decision.event {
        case .submitted(let order):
            self.init(order, kind: "submitted", subject: subject)
        case .rejected(let order):
            self.init(order, kind: "rejected", subject: subject)
            (rule, code) = ("engine", "validation")
        case .guardRejected(let order, let rejection):
            self.init(order, kind: "rejected", subject: subject)
            (rule, code, reason) = (rejection.rule, rejection.code, rejection.message)
        case .cancelRequested(let id, let time):
            self.init(kind: "cancel")
            (order, symbol, self.time) = (id.rawValue, subject?.symbol, time)
        case .ended(let update):
            self.init(kind: update.status.rawValue)
            (order, symbol, time, reason) = (update.orderID.rawValue, subject?.symbol, update.time, update.reason)
        case .filled(let fill):
            self.init(kind: "fill")
            (order, symbol, side, time, maker) = (fill.orderID.rawValue, subject?.symbol, fill.side.rawValue, fill.time, fill.maker)
            (qty, price, fee) = (subject?.format(fill.quantity), subject?.format(fill.price), fill.fee.description)
        case .unknown(let id, let command, let time):
            self.init(kind: "unknown")
            (order, symbol, self.command, self.time) = (id.rawValue, subject?.symbol, command.rawValue, time)
        case .strategyFailed(let failure, let eventIndex):
            self.init(kind: "halt")
            (event, code, message) = (eventIndex, failure.code.rawValue, failure.message)
        case .breaker(let change):
            self.init(kind: "breaker")
            (breaker, from, to, reason, time) = (change.breaker, change.from.rawValue, change.to.rawValue, change.reason, change.time)
        }
    }

    private init(_ order: Order, kind: String, subject: Decision.Subject?) {
        self.init(kind: kind)
        self.order = order.id.rawValue == 0 ? nil : order.id.rawValue
        symbol = subject?.symbol
        side = order.side.rawValue
        orderType = order.kind.rawValue
        qty = subject?.format(order.quantity)
        price = order.price.flatMap { subject?.format($0) }
        trigger = order.trigger.flatMap { subject?.format($0) }
        tif = order.timeInForce == .gtc ? nil : order.timeInForce.description
        postOnly = order.postOnly ? true : nil
        reduceOnly = order.reduceOnly ? true : nil
        trail = order.trail.map { trail in
            switch trail {
            case .amount(let amount): subject?.format(amount) ?? "\(amount.units)"
            case .bps(let bps): "\(bps)bps"
            }
        }
        parent = order.parent?.rawValue
        sibling = order.sibling?.rawValue
        origin = order.origin.rawValue
        tag = order.tag
        reason = order.reason
        time = order.createdAt
    }

    /// Whether this records an order the engine or a guard admitted or refused (what decisions.jsonl lists).
    public var isOrderDecision: Bool { kind == "submitted" || kind == "rejected" }

    /// One line of canonical JSON (sorted keys, absent fields left out).
    public var json: String {
        let data = (try? Self.encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads one line written by ``json``.
    public static func decode(_ line: String) throws -> DecisionRecord {
        try JSONDecoder().decode(DecisionRecord.self, from: Data(line.utf8))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension Decision {
    /// Whether this is a fill (fills.csv lists them).
    var isFill: Bool {
        if case .filled = event { return true }
        return false
    }
}

public import Engine
import SparkCore

/// A decision rendered as one canonical JSON object, the unit that journals store and replay compares.
public enum DecisionRecord {
    /// Renders `decision` with symbol names and instrument-exact decimals.
    public static func json(_ decision: Decision, engine: Engine) -> String {
        switch decision {
        case .submitted(let order):
            return orderJSON(order, kind: "submitted", engine: engine)
        case .rejected(let order):
            return orderJSON(order, kind: "rejected", engine: engine)
        case .cancelRequested(let id, let time):
            return JSON.object([("type", JSON.string("decision")), ("kind", JSON.string("cancel")), ("order", String(id.rawValue)), ("time", String(time))])
        case .ended(let update):
            return JSON.object([
                ("type", JSON.string("decision")), ("kind", JSON.string(update.status.rawValue)), ("order", String(update.orderID.rawValue)),
                ("time", String(update.time)), ("reason", update.reason.map(JSON.string) ?? "null"),
            ])
        case .filled(let fill):
            let instrument = engine.instruments[Int(fill.symbol.rawValue)]
            return JSON.object([
                ("type", JSON.string("decision")), ("kind", JSON.string("fill")), ("order", String(fill.orderID.rawValue)),
                ("symbol", JSON.string(engine.symbols.name(of: fill.symbol))), ("side", JSON.string(fill.side.rawValue)),
                ("qty", JSON.string(instrument.format(fill.quantity))), ("price", JSON.string(instrument.format(fill.price))),
                ("fee", JSON.string(fill.fee.description)), ("time", String(fill.time)), ("maker", fill.maker ? "true" : "false"),
            ])
        case .guardRejected(let order, let rejection):
            return orderJSON(order, kind: "rejected", engine: engine, rejection: rejection)
        case .breaker(let change):
            return JSON.object([
                ("type", JSON.string("decision")), ("kind", JSON.string("breaker")), ("breaker", JSON.string(change.breaker)),
                ("from", JSON.string(change.from.rawValue)), ("to", JSON.string(change.to.rawValue)), ("reason", JSON.string(change.reason)),
                ("time", String(change.time)),
            ])
        case .unknown(let id, let command, let time):
            return JSON.object([
                ("type", JSON.string("decision")), ("kind", JSON.string("unknown")), ("order", String(id.rawValue)),
                ("command", JSON.string(command.rawValue)), ("time", String(time)),
            ])
        case .strategyFailed(let failure, let eventIndex):
            return JSON.object([
                ("type", JSON.string("decision")), ("kind", JSON.string("halt")), ("event", String(eventIndex)),
                ("code", JSON.string(failure.code.rawValue)), ("message", JSON.string(failure.message)),
            ])
        }
    }

    private static func orderJSON(_ order: Order, kind: String, engine: Engine, rejection: GuardRejection? = nil) -> String {
        let instrument = engine.instruments[Int(order.symbol.rawValue)]
        var fields = [
            ("type", JSON.string("decision")), ("kind", JSON.string(kind)), ("order", String(order.id.rawValue)),
            ("symbol", JSON.string(engine.symbols.name(of: order.symbol))), ("side", JSON.string(order.side.rawValue)),
            ("order_type", JSON.string(order.kind.rawValue)), ("qty", JSON.string(instrument.format(order.quantity))),
            ("price", order.price.map { JSON.string(instrument.format($0)) } ?? "null"), ("time", String(order.createdAt)),
            ("tag", order.tag.map(JSON.string) ?? "null"), ("origin", JSON.string(order.origin.rawValue)), ("reason", order.reason.map(JSON.string) ?? "null"),
        ]
        if let rejection {
            fields += [("rule", JSON.string(rejection.rule)), ("code", JSON.string(rejection.code))]
        }
        return JSON.object(fields)
    }
}

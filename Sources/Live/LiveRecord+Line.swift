import Binance
import SparkCore

extension LiveRecord {
    /// The journal line of a bar input or a single order's intent, written field by field; nil for
    /// every other record, which `JSONEncoder` writes.
    ///
    /// These two are on the path from a bar to its order request, where `JSONEncoder` cost 30–60 µs a
    /// record. The bytes are `JSONEncoder`'s with `.sortedKeys` and `.withoutEscapingSlashes`, and a
    /// test holds them to that, field list included.
    func directLine() -> [UInt8]? {
        guard header == nil, decision == nil, note == nil else { return nil }
        var line = JournalLine()
        switch type {
        case .input:
            guard intent == nil, case .bar(let bar)? = input else { return nil }
            line.text(#"{"input":{"bar":{"_0":{"close":"#)
            guard line.number(bar.close) else { return nil }
            line.text(#","high":"#)
            guard line.number(bar.high) else { return nil }
            line.text(#","low":"#)
            guard line.number(bar.low) else { return nil }
            line.text(#","open":"#)
            guard line.number(bar.open) else { return nil }
            line.text(#","time":\#(bar.time),"volume":"#)
            guard line.number(bar.volume) else { return nil }
            line.text("}}}")
        case .intent:
            guard input == nil, let intent, intent.list == nil else { return nil }
            line.text(#"{"intent":{"action":"#)
            line.quoted(intent.action.rawValue)
            line.text(#","clientID":"#)
            line.quoted(intent.clientID)
            line.text(#","decision":\#(intent.decision)"#)
            if let order = intent.order {
                line.text(#","order":"#)
                line.order(order)
            }
            line.text(#","paramsHash":"#)
            line.quoted(intent.paramsHash)
            line.text(#","policyHash":"#)
            line.quoted(intent.policyHash)
            line.text(#","verdict":"#)
            line.quoted(intent.verdict)
            line.text("}")
        default:
            return nil
        }
        line.text(#","seq":\#(seq)"#)
        if let time { line.text(#","time":\#(time)"#) }
        line.text(#","type":"#)
        line.quoted(type.rawValue)
        line.text("}")
        return line.bytes
    }
}

/// A JSON line built by hand, written the way `JSONEncoder` writes it.
private struct JournalLine {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func text(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func quoted(_ text: String) { bytes.append(contentsOf: JSONText.quote(text).utf8) }

    /// `JSONEncoder`'s form of a `Double`: its shortest text without a trailing `.0`; false when it
    /// is not finite (`JSONEncoder` refuses those).
    mutating func number(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        return true
    }

    /// A ``NewOrder``'s members in key order, absent options left out.
    mutating func order(_ order: NewOrder) {
        text(#"{"clientOrderID":"#)
        quoted(order.clientOrderID)
        if let price = order.price {
            text(#","price":"#)
            quoted(price)
        }
        text(#","quantity":"#)
        quoted(order.quantity)
        text(#","recvWindow":\#(order.recvWindow),"side":"#)
        quoted(order.side.rawValue)
        if let stop = order.stopPrice {
            text(#","stopPrice":"#)
            quoted(stop)
        }
        text(#","symbol":"#)
        quoted(order.symbol)
        if let tif = order.timeInForce {
            text(#","timeInForce":"#)
            quoted(tif.rawValue)
        }
        text(#","timestamp":\#(order.timestamp)"#)
        if let delta = order.trailingDelta { text(#","trailingDelta":\#(delta)"#) }
        text(#","type":"#)
        quoted(order.type.rawValue)
        text("}")
    }
}

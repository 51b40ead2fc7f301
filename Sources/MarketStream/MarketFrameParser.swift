import Foundation
import SparkCore

/// Reads combined-stream frames (`{"stream": …, "data": {…}}`) into ``MarketEvent``s, as
/// docs/binance-subset.md lists them: kline, trade, bookTicker and serverShutdown.
public enum MarketFrameParser {
    /// Parses one text frame received at `receivedAt` (epoch ms).
    ///
    /// - Throws: ``MarketStreamError`` `.malformed` naming the field (`data.k.t`), or `.unknownEvent`.
    public static func parse(_ text: String, receivedAt: Int64) throws(MarketStreamError) -> MarketEvent {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw MarketStreamError(.malformed, "not a JSON object: \(text.prefix(60))", location: "frame")
        }
        // serverShutdown may come bare or wrapped like any stream event.
        let stream = object["stream"] as? String ?? ""
        let data = try object["data"] == nil ? FrameFields(object: object, path: "data") : FrameFields(object: object, path: "").child("data")
        if data.object["e"] == nil, data.object["u"] != nil {
            return MarketEvent(stream: stream, eventTime: nil, receivedAt: receivedAt, payload: .bookTicker(try bookTicker(data)))
        }
        let kind = try data.string("e")
        let eventTime = try data.integer("E")
        let payload: MarketPayload
        switch kind {
        case "kline": payload = .kline(try kline(data))
        case "trade": payload = .trade(try trade(data))
        case "serverShutdown": payload = .serverShutdown
        default: throw MarketStreamError(.unknownEvent, "event \(kind) is not one Spark subscribes to", location: "data.e")
        }
        return MarketEvent(stream: stream, eventTime: eventTime, receivedAt: receivedAt, payload: payload)
    }

    static func kline(_ data: FrameFields) throws(MarketStreamError) -> StreamKline {
        let k = try data.child("k")
        let openTime = try k.integer("t")
        let bar = Bar(
            symbol: SymbolID(0), time: openTime, open: try k.decimal("o"), high: try k.decimal("h"), low: try k.decimal("l"),
            close: try k.decimal("c"), volume: try k.decimal("v")
        )
        return StreamKline(
            symbol: try k.string("s"), interval: try k.string("i"), openTime: openTime, closeTime: try k.integer("T"),
            firstTradeID: try k.integer("f"), lastTradeID: try k.integer("L"), bar: bar, isClosed: try k.bool("x")
        )
    }

    static func trade(_ data: FrameFields) throws(MarketStreamError) -> StreamTrade {
        StreamTrade(
            symbol: try data.string("s"), id: try data.integer("t"), price: try data.decimal("p"), quantity: try data.decimal("q"),
            time: try data.integer("T"), buyerIsMaker: try data.bool("m")
        )
    }

    static func bookTicker(_ data: FrameFields) throws(MarketStreamError) -> StreamBookTicker {
        StreamBookTicker(
            symbol: try data.string("s"), updateID: try data.integer("u"), bid: try data.decimal("b"), bidQuantity: try data.decimal("B"),
            ask: try data.decimal("a"), askQuantity: try data.decimal("A")
        )
    }
}

import Foundation
import MarketStream

/// A market event written back in Binance's combined-stream format, so a session's own market
/// client can read the streams service exactly as it reads the exchange.
enum MarketRelayFrame {
    static func text(_ event: MarketEvent) -> String? {
        let data: String
        switch event.payload {
        case .kline(let kline):
            let bar = kline.bar
            data = #"{"e":"kline","E":\#(event.eventTime ?? kline.closeTime),"s":"\#(kline.symbol)","k":{"t":\#(kline.openTime),"T":\#(kline.closeTime),"s":"\#(kline.symbol)","i":"\#(kline.interval)","f":\#(kline.firstTradeID),"L":\#(kline.lastTradeID),"o":"\#(number(bar.open))","c":"\#(number(bar.close))","h":"\#(number(bar.high))","l":"\#(number(bar.low))","v":"\#(number(bar.volume))","x":\#(kline.isClosed)}}"#
        case .trade(let trade):
            data = #"{"e":"trade","E":\#(event.eventTime ?? trade.time),"s":"\#(trade.symbol)","t":\#(trade.id),"p":"\#(number(trade.price))","q":"\#(number(trade.quantity))","T":\#(trade.time),"m":\#(trade.buyerIsMaker)}"#
        case .bookTicker(let book):
            data = #"{"u":\#(book.updateID),"s":"\#(book.symbol)","b":"\#(number(book.bid))","B":"\#(number(book.bidQuantity))","a":"\#(number(book.ask))","A":"\#(number(book.askQuantity))"}"#
        case .serverShutdown:
            return nil
        }
        return #"{"stream":"\#(event.stream)","data":\#(data)}"#
    }

    /// Shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String { "\(value)" }
}

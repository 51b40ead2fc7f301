/// Frames as docs/binance-subset.md shows them.
enum Frames {
    static let minute: Int64 = 60_000
    static let start: Int64 = 1_700_000_040_000

    static func kline(open: Int64, close: Double = 100, closed: Bool = true, event: Int64? = nil) -> String {
        let e = event ?? open + minute
        return """
        {"stream":"btcusdt@kline_1m","data":{"e":"kline","E":\(e),"s":"BTCUSDT","k":{"t":\(open),"T":\(open + minute - 1),"s":"BTCUSDT","i":"1m","f":100,"L":200,"o":"99.50","c":"\(close)","h":"101.25","l":"98.75","v":"12.5","n":101,"x":\(closed),"q":"1250.0","V":"6.0","Q":"600.0","B":"0"}}}
        """
    }

    static func trade(id: Int64, time: Int64) -> String {
        """
        {"stream":"btcusdt@trade","data":{"e":"trade","E":\(time + 1),"s":"BTCUSDT","t":\(id),"p":"100.01","q":"0.5","T":\(time),"m":true,"M":true}}
        """
    }

    static func book(update: Int64) -> String {
        """
        {"stream":"btcusdt@bookTicker","data":{"u":\(update),"s":"BTCUSDT","b":"99.99","B":"1.5","a":"100.01","A":"2.5"}}
        """
    }

    static let shutdown = #"{"stream":"btcusdt@kline_1m","data":{"e":"serverShutdown","E":1700000100000}}"#
}

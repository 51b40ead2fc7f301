import Foundation

/// An open-loop market-data schedule for load tests: message `n` is due at `startMicros + n / rate`
/// whether or not the consumer keeps up, so a slow consumer shows as lag instead of slowing the sender.
///
/// Every `klineEvery`-th message is an open kline update of `<symbol>@kline_1m`, the rest are trades
/// of `<symbol>@trade` numbered 1, 2, 3… Each frame carries its intended send time twice: `E` in
/// epoch ms (Binance's field), and `z` in epoch µs (an extra field Binance does not send; parsers
/// that read only Binance's fields ignore it). A consumer that only sees parsed trades and klines
/// gets the same µs time back from the trade id or the kline's last trade id.
public struct FakeLoadSchedule: Sendable, Equatable {
    /// The symbol, upper case.
    public let symbol: String
    /// When message 0 is due, epoch µs (wall clock).
    public let startMicros: Int64
    /// Messages per second.
    public let rate: Int
    /// How many messages the run sends.
    public let count: Int
    /// Every this-many-th message is a kline update (at least 2).
    public let klineEvery: Int

    /// A schedule of `count` messages at `rate` per second from `startMicros`.
    public init(symbol: String, startMicros: Int64, rate: Int, count: Int, klineEvery: Int = 20) {
        self.symbol = symbol
        self.startMicros = startMicros
        self.rate = max(1, rate)
        self.count = count
        self.klineEvery = max(2, klineEvery)
    }

    /// The wall clock now, epoch µs: the clock the schedule and its consumers read.
    public static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
    }

    /// When message `n` is due, epoch µs.
    public func intendedMicros(_ n: Int) -> Int64 { startMicros + Int64(n) * 1_000_000 / Int64(rate) }

    /// Whether message `n` is a kline update (else a trade).
    public func isKline(_ n: Int) -> Bool { n % klineEvery == klineEvery - 1 }

    /// The trade id of message `n` (a trade): trades count from 1, kline updates take no id.
    public func tradeID(_ n: Int) -> Int64 { Int64(n - (n + 1) / klineEvery + 1) }

    /// The message that carried trade `id`.
    public func message(tradeID id: Int64) -> Int {
        let index = Int(id) - 1
        return index + index / (klineEvery - 1)
    }

    /// The message that carried the kline update whose last trade id is `lastTradeID`.
    public func message(klineLastTradeID lastTradeID: Int64) -> Int {
        let kline = Int(lastTradeID) / (klineEvery - 1) - 1
        return kline * klineEvery + klineEvery - 1
    }

    /// The stream message `n` goes out on (lower case, as subscribed).
    public func stream(_ n: Int) -> String { symbol.lowercased() + (isKline(n) ? "@kline_1m" : "@trade") }

    /// Message `n` as a combined-stream text frame in Binance's format, plus `z`.
    public func frame(_ n: Int) -> String {
        let micros = intendedMicros(n)
        let millis = micros / 1_000
        let name = symbol.lowercased()
        if isKline(n) {
            let last = tradeID(n - 1)
            let open = millis / 60_000 * 60_000
            let body = """
            "t":\(open),"T":\(open + 59_999),"s":"\(symbol)","i":"1m","f":1,"L":\(last),"o":"30000.00","c":"30000.00",\
            "h":"30000.00","l":"30000.00","v":"1.00000","n":\(last),"x":false,"q":"30000.00","V":"0.50000","Q":"15000.00","B":"0"
            """
            return "{\"stream\":\"\(name)@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":\(millis),\"s\":\"\(symbol)\",\"k\":{\(body)},\"z\":\(micros)}}"
        }
        let body = "\"t\":\(tradeID(n)),\"p\":\"30000.00\",\"q\":\"0.00100\",\"T\":\(millis),\"m\":false,\"M\":true,\"z\":\(micros)"
        return "{\"stream\":\"\(name)@trade\",\"data\":{\"e\":\"trade\",\"E\":\(millis),\"s\":\"\(symbol)\",\(body)}}"
    }
}

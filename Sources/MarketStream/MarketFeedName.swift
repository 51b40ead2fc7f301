/// A live feed spelt `binance:BTCUSDT`: the exchange and the symbol. The colon keeps it apart from
/// file names a recorded feed would have.
public struct MarketFeedName: Sendable, Equatable, CustomStringConvertible {
    /// `binance`.
    public var exchange: String
    /// The exchange's symbol, upper case.
    public var symbol: String

    /// Reads `binance:SYMBOL`; nil for anything else (a file path, say).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "binance", !parts[1].isEmpty,
              parts[1].allSatisfy({ ($0.isASCII && $0.isUppercase) || $0.isNumber }) else { return nil }
        (exchange, symbol) = (String(parts[0]), String(parts[1]))
    }

    public var description: String { "\(exchange):\(symbol)" }
}

/// Symbol and interval read from a Binance dump file name such as `BTCUSDT-1m-2024-01.zip`.
public struct BinanceFileName: Sendable, Equatable {
    public var symbol: String
    public var interval: BarInterval

    /// Parses the last path component of `path`: `SYMBOL-INTERVAL-YYYY-MM[-DD].zip|.csv`.
    /// Returns nil when the name does not follow that pattern.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let interval = BarInterval(String(parts[1])) else { return nil }
        let symbol = String(parts[0])
        guard Self.isValidSymbol(symbol) else { return nil }
        self.symbol = symbol
        self.interval = interval
    }

    /// Binance spot symbols: 2 to 20 upper-case letters and digits.
    public static func isValidSymbol(_ symbol: String) -> Bool {
        (2...20).contains(symbol.utf8.count) && symbol.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
    }
}

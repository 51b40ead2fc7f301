public import Binance
public import SparkCore

extension Instrument {
    /// The engine's grid for a Binance symbol: decimals and increments from its PRICE_FILTER and
    /// LOT_SIZE, the minimum quantity and notional from LOT_SIZE and NOTIONAL; spot, long-only, 24/7.
    public init?(rules: SymbolRules) {
        guard let (priceDecimals, tick) = Self.grid(rules.tickSize), let (quantityDecimals, step) = Self.grid(rules.stepSize),
              let minQuantity = Self.units(rules.minQty, decimals: quantityDecimals), let minNotional = Double(rules.minNotional).flatMap(Money.init)
        else { return nil }
        self.init(
            symbol: rules.symbol, quote: rules.quoteAsset, priceDecimals: priceDecimals, tick: tick, quantityDecimals: quantityDecimals, step: step,
            minQuantity: max(minQuantity, step), minNotional: minNotional
        )
    }

    /// "0.01000000" → (2 decimals, increment 1); "0.50" → (1, 5); nil for zero or an unreadable number.
    static func grid(_ text: String) -> (decimals: Int, increment: Int64)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1].reversed().drop { $0 == "0" }.reversed()) : ""
        guard fraction.allSatisfy(\.isNumber), fraction.count <= 12 else { return nil }
        let decimals = fraction.count
        guard let increment = units(text, decimals: decimals), increment > 0, whole >= 0 else { return nil }
        return (decimals, increment)
    }

    /// `text` in units of 10^-`decimals`; nil when it has more decimals than that.
    static func units(_ text: String, decimals: Int) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.count > decimals, fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= decimals, fraction.allSatisfy(\.isNumber) else { return nil }
        fraction += String(repeating: "0", count: decimals - fraction.count)
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        return whole * scale + (Int64(fraction) ?? 0)
    }
}

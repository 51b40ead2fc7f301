public import SparkCore
import Foundation
internal import Yams
public import SparkConfig

/// The instruments file (`data/instruments.yaml`): tick, step and limits per symbol.
///
/// ```yaml
/// BTCUSDT: { quote: USDT, tick: "0.01", step: "0.00001", min_qty: "0.00001", min_notional: "5" }
/// ```
/// A symbol the file does not list gets ``Instrument/fallback(symbol:)`` and a warning.
public struct InstrumentCatalog: Sendable {
    public private(set) var instruments: [String: Instrument]

    public init(_ instruments: [Instrument] = []) {
        self.instruments = Dictionary(instruments.map { ($0.symbol, $0) }, uniquingKeysWith: { _, last in last })
    }

    static let keys: Set<String> = ["quote", "tick", "step", "min_qty", "min_notional", "short", "calendar"]

    /// Loads and checks the file; every value is validated, nothing is silently defaulted.
    public static func load(path: String) throws(ConfigError) -> InstrumentCatalog {
        let file = try YAMLFile(path: path)
        var catalog = InstrumentCatalog()
        for (symbol, symbolNode, body) in try file.mapping(file.root, what: "the instruments file") {
            guard symbol.range(of: "^[A-Z0-9._-]{1,32}$", options: .regularExpression) != nil else {
                throw file.error(.schema, "'\(symbol)' is not a valid symbol", at: symbolNode, hint: "use upper-case letters and digits, e.g. BTCUSDT")
            }
            var instrument = Instrument.fallback(symbol: symbol)
            // min_qty is read in the step's units, so it is applied once the step is known.
            var minQuantity: (Double, Node)?
            for (key, _, value) in try file.mapping(body, allowed: keys, what: "instrument \(symbol)") {
                let text = try file.scalar(value, what: key)
                switch key {
                case "quote":
                    instrument.quote = text
                case "tick", "step":
                    guard YAMLNumber.number(text) != nil, let (units, decimals) = decimalUnits(text), units > 0 else {
                        throw file.error(.value, "\(key) '\(text)' must be a positive decimal such as 0.01", at: value)
                    }
                    if key == "tick" {
                        instrument.tick = units
                        instrument.priceDecimals = decimals
                    } else {
                        instrument.step = units
                        instrument.quantityDecimals = decimals
                        instrument.minQuantity = units
                    }
                case "min_qty", "min_notional":
                    guard let number = YAMLNumber.number(text), number >= 0 else {
                        throw file.error(.value, "\(key) '\(text)' must be a non-negative number", at: value)
                    }
                    if key == "min_notional" {
                        instrument.minNotional = Money(number) ?? .zero
                    } else {
                        minQuantity = (number, value)
                    }
                case "short":
                    guard let flag = Bool(text) else {
                        throw file.error(.value, "short must be true or false", at: value)
                    }
                    instrument.allowShort = flag
                case "calendar":
                    guard text == "24/7" || text == "session" else {
                        throw file.error(.value, "calendar must be \"24/7\" or \"session\"", at: value)
                    }
                    instrument.sessionCalendar = text == "session"
                default:
                    break
                }
            }
            if let (number, node) = minQuantity {
                let units = number * Double(FixedFormat.power(instrument.quantityDecimals))
                guard units.rounded() == units || abs(units - units.rounded()) < 1e-9 else {
                    throw file.error(.value, "min_qty \(number) has more decimals than the step allows", at: node)
                }
                instrument.minQuantity = Int64(units.rounded())
            }
            catalog.instruments[symbol] = instrument
        }
        return catalog
    }

    /// "0.00001" → (1, 5); "0.05" → (5, 2); "1" → (1, 0). Nil for more than 12 decimals or junk.
    static func decimalUnits(_ text: String) -> (Int64, Int)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), !text.isEmpty else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 12 else { return nil }
        guard let units = Int64(String(parts[0]) + fraction) else { return nil }
        return (units, fraction.count)
    }

    /// The instrument for `symbol`, and whether it came from the fallback.
    public func instrument(for symbol: String) -> (Instrument, isFallback: Bool) {
        if let instrument = instruments[symbol] { return (instrument, false) }
        return (.fallback(symbol: symbol), true)
    }
}

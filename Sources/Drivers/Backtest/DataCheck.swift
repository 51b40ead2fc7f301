import MarketData
import SparkConfig
import SparkCore

/// Refuses a backtest whose bars do not fit what the run assumes of them: prices finer than the
/// instrument's tick (the engine would round every one of them) and bars spaced otherwise than the
/// interval says. Both would give a full report of wrong numbers, so neither is a warning.
enum DataCheck {
    /// Refuses prices that need more decimals than the instrument's tick; `firstOffTick` is the
    /// open time of the first bar that did.
    ///
    /// - Throws: ``ConfigError`` `.data` naming the data file, the tick the bars need and the
    ///   instruments-file line that fixes it.
    static func checkTick(_ grid: BarGrid, firstOffTick: Int64?, request: BacktestRequest, instrument: Instrument, declared: Bool) throws(ConfigError) {
        guard grid.priceDecimals > instrument.priceDecimals, let firstOffTick else { return }
        let symbol = request.symbol
        let file = request.instrumentsPath ?? "data/instruments.yaml"
        let current = decimal(instrument.tick, decimals: instrument.priceDecimals)
        let whose = declared ? "\(symbol)'s tick \(current) in \(file)" : "the default tick \(current) (\(symbol) is not in \(file))"
        let line = "\(symbol): { quote: \(instrument.quote), tick: \"\(grid.tick)\", step: \"\(decimal(instrument.step, decimals: instrument.quantityDecimals))\" }"
        throw ConfigError(
            .data, "prices need a tick of \(grid.tick) (\(grid.priceDecimals) decimals; the first bar off \(current) opens at \(ISOTime.string(firstOffTick))), finer than \(whose): every price would be rounded to \(current)",
            file: request.data.path,
            hint: declared ? "set the tick in \(file): \(line)" : "add this line to \(file) (or the file given with --instruments): \(line)"
        )
    }

    /// The interval the run is labelled with: the declared one, or the bars' spacing when none is.
    ///
    /// - Throws: ``ConfigError`` `.data` when the spacing is not the declared interval, or (inferring)
    ///   no interval Spark knows; the message names the spacing and the flag to pass.
    static func interval(_ grid: BarGrid, request: BacktestRequest) throws(ConfigError) -> String {
        guard let spacing = grid.spacing else { return request.interval }
        if request.declaredInterval == nil {
            guard let found = BarInterval.all.first(where: { fits(spacing, $0) }) else {
                throw ConfigError(
                    .data, "bars are \(duration(spacing)) apart, which is no bar interval Spark knows", file: request.data.path,
                    hint: "resample the file to one of \(BarInterval.all.map(\.name).joined(separator: ", "))"
                )
            }
            return found.name
        }
        guard let declared = BarInterval(request.interval), !fits(spacing, declared) else { return request.interval }
        let flag = request.resampleFrom.map { "--interval is \(request.interval) (resampled from \($0))" } ?? "--interval is \(request.interval)"
        let actual = BarInterval.all.first(where: { fits(spacing, $0) })
        var named = actual.map { "pass --interval \($0.name)" } ?? "pass the interval the bars have"
        if let actual, let wanted = declared.milliseconds, wanted > spacing, wanted % spacing == 0 {
            named += ", or --resample-from \(actual.name) --interval \(declared.name) to build \(declared.name) bars from them"
        }
        throw ConfigError(
            .data, "bars are \(duration(spacing)) apart, but \(flag): the report would mislabel every bar",
            file: request.data.path,
            hint: request.resampleFrom == nil ? "\(named) (for a CSV, leave --interval out and the spacing names it)" : "--resample-from must name the stored bars' interval"
        )
    }

    /// Whether bars `spacing` ms apart (the smallest gap, so missing bars do not matter) are of `interval`;
    /// months are 28 to 31 days.
    private static func fits(_ spacing: Int64, _ interval: BarInterval) -> Bool {
        guard let milliseconds = interval.milliseconds else { return spacing >= 28 * 86_400_000 && spacing <= 31 * 86_400_000 }
        return spacing == milliseconds
    }

    /// `86400000` → `1d`, `90000` → `90s`: the largest unit that divides the span.
    static func duration(_ milliseconds: Int64) -> String {
        for (unit, length) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)] where milliseconds % length == 0 && milliseconds >= length {
            return "\(milliseconds / length)\(unit)"
        }
        return "\(milliseconds)ms"
    }

    /// `units` × 10^-`decimals` written as a decimal: (1, 2) → `0.01`, (5, 0) → `5`.
    private static func decimal(_ units: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return String(units) }
        let digits = String(units)
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        return padded.dropLast(decimals) + "." + padded.suffix(decimals)
    }
}

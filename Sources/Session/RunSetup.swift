public import Foundation
import Engine
public import LuaRuntime
public import SparkCore
public import Strategies
import Crypto
public import Approvals
import Desk

/// What every mode needs before its first bar: a checked strategy, resolved params, an instrument.
///
/// Backtest, paper and replay all go through here, so a strategy or param set that one mode refuses
/// is refused by all of them. Paper and live also pass the launch gate here, after the params are
/// resolved and before the strategy is bound: what is checked is exactly what runs.
public struct RunSetup {
    public let strategy: LuaStrategy
    public let params: [String: ParamValue]
    public let symbols: SymbolTable
    public let instrument: Instrument
    /// Whether ``instrument`` is the default one: the symbol is not in the instruments file.
    public let instrumentIsFallback: Bool
    public let strategySHA256: String
    /// SHA-256 of the resolved params' canonical form (see ``ParamSetIdentity``).
    public let paramsSHA256: String
    /// Why the gate let a paper or live run start; nil for backtests and replays.
    public let clearance: LaunchGate.Clearance?
    public let warnings: [String]

    /// Loads the strategy in its sandbox, checks the params against its schema, runs the launch gate
    /// when there is one (paper and live sessions; a backtest or a replay touches no market) and
    /// finds the instrument.
    public static func prepare(
        gate: LaunchCheck? = nil, strategyPath: String, source: String? = nil, paramsPath: String?, overrides: [String: ParamValue],
        symbol: String, instrumentsPath: String?, instrument fixed: Instrument? = nil, limits: LuaLimits, seed: UInt64
    ) throws -> RunSetup {
        let text: String
        if let source {
            text = source
        } else {
            do {
                text = try String(contentsOfFile: strategyPath, encoding: .utf8)
            } catch {
                throw ConfigError(.unreadable, "cannot read the strategy file", file: strategyPath, hint: "check the path; strategies live under strategies/")
            }
        }
        let strategy = try LuaStrategy(path: strategyPath, source: text, limits: limits, seed: seed)
        let params: [String: ParamValue]
        if let paramsPath {
            params = try ParamSetFile.load(path: paramsPath).resolve(against: strategy.schema, overrides: overrides)
        } else {
            do {
                params = try strategy.schema.resolve(overrides, source: "--set")
            } catch {
                throw ConfigError(.schema, error.message, file: "--set \(error.key)")
            }
        }
        let strategySHA256 = sha256Hex(text)
        let paramsSHA256 = ParamSetIdentity(strategy: strategy.schema.name, values: params).sha256
        var clearance: LaunchGate.Clearance?
        if let check = gate {
            clearance = try check.clear(strategy: strategy.schema.name, paramsHash: paramsSHA256, strategyHash: strategySHA256, symbol: symbol)
        }
        var warnings: [String] = []
        let catalog = try instrumentsPath.map { path throws(ConfigError) in try InstrumentCatalog.load(path: path) } ?? InstrumentCatalog()
        let (instrument, isFallback) = fixed.map { ($0, false) } ?? catalog.instrument(for: symbol)
        if isFallback {
            warnings.append("symbol \(symbol) is not in \(instrumentsPath ?? "the instruments file"); using the default instrument (tick 0.01, step 0.00001, long-only, 24/7)")
        }
        let symbols = SymbolTable([symbol])
        try strategy.bind(params: params, symbols: symbols, primary: SymbolID(0))
        return RunSetup(
            strategy: strategy, params: params, symbols: symbols, instrument: instrument, instrumentIsFallback: isFallback,
            strategySHA256: strategySHA256, paramsSHA256: paramsSHA256, clearance: clearance, warnings: warnings
        )
    }

    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
    public static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }

    /// Lower-case hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }

    /// `key=value` pairs in key order, the form params take in reports and run ids.
    public static func canonical(_ params: [String: ParamValue]) -> String {
        params.keys.sorted().map { "\($0)=\(params[$0]!)" }.joined(separator: " ")
    }
}

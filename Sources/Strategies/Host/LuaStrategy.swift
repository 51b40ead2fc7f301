public import Engine
public import LuaRuntime
public import SparkCore

/// A strategy written in Lua, run in its own sandboxed `lua_State` under the run's budgets.
///
/// One instance per strategy per run, owned by the run's isolation domain (it is not Sendable).
/// The `ctx` the strategy sees is built once; each bar costs one call into Lua with six plain
/// values, which the prelude writes into a reused bar table, and indicators live on the host.
public final class LuaStrategy: StrategyRuntime {
    public let path: String
    public let schema: StrategySchema
    /// The callbacks the file defines, for `spark strategy check`.
    public let callbacks: [String]

    let state: LuaState
    private let onStart: LuaRef?
    private let onBar: LuaRef
    private let onStop: LuaRef?
    private var fillCallback: LuaRef?
    private var orderCallback: LuaRef?
    private var context: LuaRef?
    /// The prelude's `bar_cb`: refills the one bar table and tail-calls `on_bar(ctx, bar)`.
    private var barCallback: LuaRef?
    /// Strings a fill callback passes, made once as refs so a fill costs no string building in Lua:
    /// each symbol's name, "buy" and "sell", and up to ``keptTags`` order tags.
    private var symbolNames: [LuaRef] = []
    private var sideNames: [LuaRef] = []
    private var tagNames: [String: LuaRef] = [:]
    private static let keptTags = 64

    /// Unowned because the engine owns the strategy; set in ``start(engine:)`` before any callback.
    unowned(unsafe) var engine: Engine?
    var symbols = SymbolTable()
    var primary = SymbolID(0)
    var params: [String: ParamValue] = [:]

    /// Loads `source` in a fresh sandbox and reads its `strategy` table.
    ///
    /// - Throws: ``StrategyFailure`` with code `.load` (syntax or load-time error, with file:line) or
    ///   `.schema` (a missing or malformed `strategy` table or `on_bar`).
    public init(path: String, source: String, limits: LuaLimits, seed: UInt64) throws(StrategyFailure) {
        self.path = path
        do {
            state = try LuaState(limits: limits, seed: seed)
            try state.load(source: Prelude.source, chunkName: "=spark-prelude")
            try state.load(source: source, chunkName: path)
        } catch {
            throw StrategyFailure(error, defaultCode: .load)
        }
        schema = try SchemaReader.read(state: state, path: path)
        guard let onBar = state.functionRef(global: "on_bar") else {
            throw StrategyFailure(code: .schema, message: "\(path): defines no on_bar(ctx, bar) function", location: path)
        }
        self.onBar = onBar
        onStart = state.functionRef(global: "on_start")
        onStop = state.functionRef(global: "on_stop")
        let loaded = state
        callbacks = ["on_start", "on_bar", "on_fill", "on_order", "on_stop"].filter { loaded.functionRef(global: $0) != nil }
        state.host = self
    }

    deinit {
        state.host = nil
    }

    /// Gives the strategy its validated params and the run's symbols; call once, before the run.
    public func bind(params: [String: ParamValue], symbols: SymbolTable, primary: SymbolID) throws(StrategyFailure) {
        self.params = params
        self.symbols = symbols
        self.primary = primary
        do {
            var fields: [String: LuaValue] = [:]
            for (key, value) in params {
                fields[key] = switch value {
                case .int(let integer): .integer(integer)
                case .number(let number): .number(number)
                case .bool(let flag): .bool(flag)
                case .string(let text): .string(text)
                }
            }
            let context = try state.makeTable(.table([
                "params": .table(fields), "state": .table([:]), "symbol": .string(symbols.name(of: primary)), "ta": .table([:]),
            ]))
            let host: [(String, HostFunction)] = [
                ("buy", .buy), ("sell", .sell), ("close", .close), ("cancel", .cancel), ("position", .position),
                ("cash", .cash), ("equity", .equity), ("_order_count", .orderCount), ("_order_at", .orderAt),
                ("log", .log), ("now", .now), ("oco", .oco), ("_instrument", .instrument),
            ]
            for (name, function) in host {
                try state.setHostMethod(context, name, id: function.rawValue)
            }
            try state.installIndicators(into: try state.tableRef(context, "ta"))
            self.context = context
            guard let install = state.functionRef(global: "__spark_install") else {
                throw StrategyFailure(code: .load, message: "the Spark prelude did not load")
            }
            try state.call(install, .ref(context), .ref(onBar))
            fillCallback = state.functionRef(global: "__spark_fill")
            orderCallback = state.functionRef(global: "__spark_order")
            barCallback = state.functionRef(global: "__spark_bar")
            symbolNames = try (0..<symbols.count).map { index throws(LuaError) in try state.makeTable(.string(symbols.name(of: SymbolID(Int32(index))))) }
            sideNames = [try state.makeTable(.string(Side.buy.rawValue)), try state.makeTable(.string(Side.sell.rawValue))]
            for name in ["__spark_install", "__spark_fill", "__spark_order", "__spark_bar"] {
                try state.setGlobal(name, .nil)
            }
        } catch let error as StrategyFailure {
            throw error
        } catch let error as LuaError {
            throw StrategyFailure(error, defaultCode: .load)
        } catch {
            throw StrategyFailure(code: .load, message: "\(error)")
        }
    }

    // MARK: StrategyRuntime

    public func start(engine: Engine) throws(StrategyFailure) {
        self.engine = engine
        guard let onStart, let context else { return }
        try run { () throws(LuaError) in try state.call(onStart, .ref(context)) }
    }

    @inline(__always)
    public func bar(_ bar: Bar) throws(StrategyFailure) {
        guard let barCallback else { return }
        try run { () throws(LuaError) in
            try state.call(barCallback, stamp: bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume)
        }
    }

    public func fill(_ fill: Fill, order: Order) throws(StrategyFailure) {
        guard let fillCallback, let engine else { return }
        let instrument = engine.instruments[Int(fill.symbol.rawValue)]
        try run { () throws(LuaError) in
            let tag = try order.tag.map { tag throws(LuaError) in try tagName(tag) }
            defer { if let tag, tag.temporary { try? state.release(tag.ref) } }
            try state.call(fillCallback, arguments: [
                .integer(fill.orderID.rawValue), .ref(symbolNames[Int(fill.symbol.rawValue)]), .ref(sideNames[fill.side == .buy ? 0 : 1]),
                .number(instrument.double(fill.quantity)), .number(instrument.double(fill.price)), .number(fill.fee.doubleValue),
                .integer(fill.time), .bool(fill.maker), tag.map { .ref($0.ref) } ?? .nil, .number(engine.position(primary)),
            ])
        }
    }

    /// A ref to the string `tag`: kept for the next fills while fewer than ``keptTags`` are, else
    /// made for this call only (a strategy that tags every order uniquely must not grow the registry).
    private func tagName(_ tag: String) throws(LuaError) -> (ref: LuaRef, temporary: Bool) {
        if let kept = tagNames[tag] { return (kept, false) }
        let ref = try state.makeTable(.string(tag))
        guard tagNames.count < Self.keptTags else { return (ref, true) }
        tagNames[tag] = ref
        return (ref, false)
    }

    public func orderEnded(_ order: Order) throws(StrategyFailure) {
        guard let orderCallback, let engine else { return }
        let instrument = engine.instruments[Int(order.symbol.rawValue)]
        let arguments: [LuaValue] = [
            .integer(order.id.rawValue), .string(symbols.name(of: order.symbol)), .string(order.side.rawValue),
            .string(order.kind.rawValue), .number(instrument.double(order.quantity)),
            order.price.map { .number(instrument.double($0)) } ?? .nil, .number(instrument.double(order.filled)),
            .string(order.status.rawValue), order.reason.map(LuaValue.string) ?? .nil, order.tag.map(LuaValue.string) ?? .nil,
        ]
        try run { () throws(LuaError) in _ = try state.callReturning(orderCallback, arguments, results: 0) }
    }

    public func stop() throws(StrategyFailure) {
        guard let onStop, let context else { return }
        try run { () throws(LuaError) in try state.call(onStop, .ref(context)) }
    }

    @inline(__always)
    private func run(_ body: () throws(LuaError) -> Void) throws(StrategyFailure) {
        do {
            try body()
        } catch {
            throw StrategyFailure(error, defaultCode: .runtime)
        }
    }
}

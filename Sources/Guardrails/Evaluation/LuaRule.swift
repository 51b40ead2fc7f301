import Engine
import LuaRuntime
import SparkCore

/// A rule written in Lua: `check(order, ctx)` returns true to allow, or false and a reason to reject.
///
/// It runs in its own sandboxed state with the same budgets as strategies. Anything other than a
/// clean answer (an error, an overrun, a wrong return) is an error the caller rejects on: fail closed.
final class LuaRule: LuaHost {
    /// The 1-based position of `kind` in the prelude's `kinds` list, so `order.type` reads as its name.
    @inline(__always)
    static func kindIndex(_ kind: OrderKind) -> Int64 {
        switch kind {
        case .market: 1
        case .limit: 2
        case .stop: 3
        case .stopLimit: 4
        case .takeProfit: 5
        case .takeProfitLimit: 6
        case .trailingStop: 7
        }
    }
    enum Outcome {
        case allow
        case reject(String)
        case error(String)
        /// A budget or memory failure at the rule's `check`-th check at this event time.
        case overrun(String, check: Int)
    }

    /// Overruns a replay takes from the journal instead of timing the rule.
    var journaled: [RuleOverrun] = []
    /// Set by the first budget or memory failure: the rule stays off for the rest of the run, the
    /// same way in a session and in its replay.
    private var disabled: String?
    private var checkTime: Int64 = .min
    private var checksAtTime = 0

    let id: String
    let file: String
    private let state: LuaState
    private let checkFunction: LuaRef
    private let orderRecord: LuaRecord
    private let contextRecord: LuaRecord
    // Reused argument buffers: a check allocates nothing on the Swift side.
    private var orderValues = [Double](repeating: 0, count: 4)
    private var contextValues = [Double](repeating: 0, count: 7)
    private var recordSymbol: String?
    private var answer: (ok: Bool, reason: String?)?
    private var badAnswer: String?

    // The entry point copies the two flat records into the tables `check` sees, reusing them, so a
    // check crosses the boundary once and builds no Lua garbage.
    private static let prelude = """
    local check = check
    local kinds = { "market", "limit", "stop", "stop_limit", "take_profit", "take_profit_limit", "trailing_stop" }
    function __spark_setup(host, params, info)
      local order, ctx = {}, { params = params, strategy = info.name }
      __spark_check = function(o, c, buy, kind)
        order.symbol, order.qty, order.notional = o.symbol, o.qty, o.notional
        order.price = o.has_price == 1 and o.price or nil
        order.side = buy and "buy" or "sell"
        order.type = kinds[kind]
        ctx.now, ctx.cash, ctx.equity, ctx.position = c.now, c.cash, c.equity, c.position
        ctx.last_price = c.has_last == 1 and c.last_price or nil
        ctx.open_orders = c.open_orders
        local ok, reason = check(order, ctx)
        host.verdict(ok, reason)
      end
      __spark_setup = nil
    end
    """

    init(id: String, file: String, source: String, params: [String: Double], strategy: String, limits: LuaLimits) throws(GuardrailError) {
        self.id = id
        self.file = file
        do {
            state = try LuaState(limits: limits, seed: 1)
            try state.load(source: source, chunkName: file)
        } catch {
            throw GuardrailError(.rule, "rule '\(id)': \(error.message)", location: error.location ?? file, hint: "run `spark policy check` after fixing the Lua file")
        }
        guard state.functionRef(global: "check") != nil else {
            throw GuardrailError(.rule, "rule '\(id)': \(file) defines no function check(order, ctx)", location: file, hint: "define `function check(order, ctx) return true end`")
        }
        do {
            try state.load(source: Self.prelude, chunkName: "=spark-rule-prelude")
            guard let setup = state.functionRef(global: "__spark_setup") else {
                throw LuaError(code: .runtime, message: "the rule prelude did not load")
            }
            let host = try state.makeTable(.table([:]))
            try state.setHostFunction(host, "verdict", id: 1)
            var table: [String: LuaValue] = [:]
            for (key, value) in params { table[key] = .number(value) }
            let paramsRef = try state.makeTable(.table(table))
            let strategyRef = try state.makeTable(.table(["name": .string(strategy)]))
            try state.call(setup, .ref(host), .ref(paramsRef), .ref(strategyRef))
            guard let check = state.functionRef(global: "__spark_check") else {
                throw LuaError(code: .runtime, message: "the rule prelude did not install its entry point")
            }
            checkFunction = check
            orderRecord = try state.makeRecord(keys: ["qty", "price", "notional", "has_price"], integerKeys: ["has_price"], stringKey: "symbol")
            contextRecord = try state.makeRecord(keys: ["now", "cash", "equity", "position", "last_price", "has_last", "open_orders"], integerKeys: ["now", "has_last", "open_orders"])
        } catch let error as LuaError {
            throw GuardrailError(.rule, "rule '\(id)': \(error.message)", location: file)
        } catch {
            throw GuardrailError(.rule, "rule '\(id)': \(error)", location: file)
        }
        state.host = self
    }

    deinit {
        state.host = nil
    }

    /// Runs the rule on one order.
    func check(_ intent: OrderIntent, account: AccountView) -> Outcome {
        if account.now != checkTime {
            checkTime = account.now
            checksAtTime = 0
        }
        checksAtTime += 1
        if let disabled { return .error("disabled since an earlier overrun: \(disabled)") }
        if !journaled.isEmpty, let recorded = journaled.first(where: { $0.time == account.now && $0.check == checksAtTime }) {
            disabled = recorded.message
            return .overrun(recorded.message, check: checksAtTime)
        }
        let order = intent.order
        let index = Int(order.symbol.rawValue)
        let instrument = account.instruments[index]
        let last = account.lastPrice[index]
        let price = order.referencePrice.map { instrument.double($0) }
        let quantity = instrument.double(order.quantity)
        if recordSymbol != instrument.symbol {
            do {
                try state.setRecordString(orderRecord, instrument.symbol)
            } catch {
                return .error(error.message)
            }
            recordSymbol = instrument.symbol
        }
        orderValues[0] = quantity
        orderValues[1] = price ?? 0
        orderValues[2] = (price ?? (last.isFinite ? last : 0)) * quantity
        orderValues[3] = price == nil ? 0 : 1
        contextValues[0] = Double(account.now)
        contextValues[1] = account.cash.doubleValue
        contextValues[2] = account.equity
        contextValues[3] = instrument.double(Quantity(units: account.positions[index]))
        contextValues[4] = last.isFinite ? last : 0
        contextValues[5] = last.isFinite ? 1 : 0
        contextValues[6] = Double(account.openOrders.count)
        let kind = Self.kindIndex(order.kind)
        answer = nil
        badAnswer = nil
        do {
            try state.call(checkFunction, .record(orderRecord, orderValues), .record(contextRecord, contextValues), .bool(order.side == .buy), .integer(kind))
        } catch {
            let message = error.location.map { "\($0): \(error.message)" } ?? error.message
            if error.code.isSticky {
                disabled = message
                return .overrun(message, check: checksAtTime)
            }
            return .error(message)
        }
        if let badAnswer { return .error("\(file): \(badAnswer)") }
        guard let answer else { return .error("\(file): check returned nothing") }
        return answer.ok ? .allow : .reject(answer.reason ?? "rejected by \(file)")
    }

    func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        if args.isNil(at: 0) {
            answer = (false, args.string(at: 1))
        } else if let ok = args.bool(at: 0) {
            answer = (ok, ok ? nil : (args.string(at: 1) ?? args.description(at: 1)))
        } else {
            badAnswer = "check must return true, or false and a reason (it returned \(args.description(at: 0)))"
        }
        return .ok
    }
}

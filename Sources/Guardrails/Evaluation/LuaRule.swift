import Engine
import LuaRuntime
import SparkCore

/// A rule written in Lua: `check(order, ctx)` returns true to allow, or false and a reason to reject.
///
/// It runs in its own sandboxed state with the same budgets as strategies. Anything other than a
/// clean answer (an error, an overrun, a wrong return) is an error the caller rejects on: fail closed.
final class LuaRule: LuaHost {
    enum Outcome {
        case allow
        case reject(String)
        case error(String)
    }

    let id: String
    let file: String
    private let state: LuaState
    private let checkFunction: LuaRef
    private var answer: (ok: Bool, reason: String?)?
    private var badAnswer: String?

    private static let prelude = """
    local check = check
    function __spark_setup(host, params)
      __spark_check = function(order, ctx)
        ctx.params = params
        local ok, reason = check(order, ctx)
        host.verdict(ok, reason)
      end
      __spark_setup = nil
    end
    """

    init(id: String, file: String, source: String, params: [String: Double], limits: LuaLimits) throws(GuardrailError) {
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
            try state.call(setup, .ref(host), .ref(paramsRef))
            guard let check = state.functionRef(global: "__spark_check") else {
                throw LuaError(code: .runtime, message: "the rule prelude did not install its entry point")
            }
            checkFunction = check
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

    /// Runs the rule on one order. Allocates the two argument tables: rules run per order, not per bar.
    func check(_ intent: OrderIntent, account: AccountView, strategy: String) -> Outcome {
        let order = intent.order
        let index = Int(order.symbol.rawValue)
        let instrument = account.instruments[index]
        let last = account.lastPrice[index]
        let price = order.price.map { instrument.double($0) }
        let orderTable: LuaValue = .table([
            "symbol": .string(instrument.symbol), "side": .string(order.side.rawValue), "type": .string(order.kind.rawValue),
            "qty": .number(instrument.double(order.quantity)), "price": price.map(LuaValue.number) ?? .nil,
            "notional": .number((price ?? (last.isFinite ? last : 0)) * instrument.double(order.quantity)),
            "tag": order.tag.map(LuaValue.string) ?? .nil,
        ])
        let context: LuaValue = .table([
            "now": .integer(account.now), "strategy": .string(strategy), "cash": .number(account.cash.doubleValue),
            "equity": .number(account.equity), "position": .number(instrument.double(Quantity(units: account.positions[index]))),
            "last_price": last.isFinite ? .number(last) : .nil, "open_orders": .integer(Int64(account.openOrders.count)),
        ])
        answer = nil
        badAnswer = nil
        do {
            _ = try state.callReturning(checkFunction, [orderTable, context], results: 0)
        } catch {
            return .error(error.location.map { "\($0): \(error.message)" } ?? error.message)
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

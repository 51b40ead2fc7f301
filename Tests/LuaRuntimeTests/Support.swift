import LuaRuntime

/// Limits for tests that are not about the time budget: generous, so a loaded machine (tests run in
/// parallel) cannot trip a wall-clock budget by descheduling the thread.
let fastLimits = LuaLimits(timeBudget: .seconds(5), memoryLimit: 16 << 20)

/// A short time budget for the tests that trip it on purpose.
let shortBudget = LuaLimits(timeBudget: .milliseconds(100), memoryLimit: 16 << 20)

/// Loads `source` and calls its global `run`, returning the error it throws (nil when it succeeds).
func runError(_ source: String, limits: LuaLimits = fastLimits, chunk: String = "strategies/test.lua") -> LuaError? {
    do {
        let state = try LuaState(limits: limits, seed: 1)
        try state.load(source: source, chunkName: chunk)
        guard let run = state.functionRef(global: "run") else { return nil }
        try state.call(run)
        return nil
    } catch {
        return error
    }
}

/// Loads `source` and returns the error loading throws.
func loadError(_ source: String, limits: LuaLimits = fastLimits, chunk: String = "strategies/test.lua") -> LuaError? {
    do {
        let state = try LuaState(limits: limits, seed: 1)
        try state.load(source: source, chunkName: chunk)
        return nil
    } catch {
        return error
    }
}

/// A host with a few functions and an "account" handle class, recording what it saw.
final class RecordingHost: LuaHost {
    enum Function: Int32 { case add = 1, concat, buy, makeAccount, fail, echoTypes, deposit = 20, balance }
    var printed: [String] = []
    var orders: [String] = []
    var balances: [Double] = []

    func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        switch Function(rawValue: id) {
        case .add:
            guard let a = args.number(at: 0), let b = args.number(at: 1) else { return .error("add(a, b): expected two numbers") }
            results.push(number: a + b)
            results.push(integer: Int64(args.count))
        case .concat:
            guard let a = args.string(at: 0), let b = args.string(at: 1) else { return .error("concat: expected two strings") }
            results.push(string: a + b)
            results.push(bool: args.equalsString(at: 0, "BTC"))
        case .buy:
            // ctx:buy{ symbol = ..., qty = ... }: index 0 is ctx, 1 the table.
            guard args.isTable(at: 1) else { return .error("ctx:buy{…}: expected a table") }
            guard let qty = args.field(at: 1, "qty")?.number else { return .error("ctx:buy: qty must be a number") }
            guard qty > 0 else { return .error("ctx:buy: qty must be positive") }
            let symbol = args.field(at: 1, "symbol")?.string ?? "?"
            orders.append("\(symbol) \(qty) \(args.fieldNames(at: 1).sorted().joined(separator: ","))")
            results.push(integer: Int64(orders.count))
        case .makeAccount:
            balances.append(args.number(at: 0) ?? 0)
            results.push(handle: 3, id: Int64(balances.count - 1))
        case .fail:
            return .error("the host refused")
        case .echoTypes:
            for index in 0..<args.count { results.push(string: "\(args.type(at: index))") }
        case .deposit:
            guard let handle = args.handle(at: 0), handle.classID == 3, let amount = args.number(at: 1) else {
                return .error("deposit: expected an account and an amount")
            }
            balances[Int(handle.id)] += amount
        case .balance:
            guard let handle = args.handle(at: 0), handle.classID == 3 else { return .error("balance: expected an account") }
            results.push(number: balances[Int(handle.id)])
        case nil:
            return .error("unknown host function \(id)")
        }
        return .ok
    }

    func luaPrint(_ text: String) { printed.append(text) }
}

/// A state with `host` attached and a global table `ctx` of its functions.
func hostState(_ host: RecordingHost, limits: LuaLimits = fastLimits) throws -> LuaState {
    let state = try LuaState(limits: limits, seed: 1)
    state.host = host
    let ctx = try state.makeTable(.table(["name": .string("test")]))
    let functions: [(String, RecordingHost.Function)] = [
        ("add", .add), ("concat", .concat), ("buy", .buy), ("account", .makeAccount), ("fail", .fail), ("types", .echoTypes),
    ]
    for (name, function) in functions { try state.setHostFunction(ctx, name, id: function.rawValue) }
    try state.registerHandleClass(3, methods: ["deposit": RecordingHost.Function.deposit.rawValue, "balance": RecordingHost.Function.balance.rawValue])
    try state.load(source: "function __set_ctx(c) ctx = c end", chunkName: "=setup")
    try state.call(state.functionRef(global: "__set_ctx")!, .ref(ctx))
    return state
}

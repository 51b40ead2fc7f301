import Engine
public import LuaRuntime
import SparkCore

extension LuaStrategy: LuaHost {
    /// `print` goes where `ctx:log` goes, under the same caps.
    public func luaPrint(_ text: String) {
        engine?.strategyLog("\(schema.name): \(text)")
    }

    /// Serves a `ctx` call from Lua. Returns an error status instead of throwing: the C side raises it.
    ///
    /// Every call is checked strictly: `self` must be this strategy's `ctx`, and an argument or field
    /// that is present with the wrong type is an error naming the function and the field.
    public func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        guard let function = HostFunction(rawValue: id), let engine else {
            return .error("this function is not available before on_start")
        }
        do throws(CallError) {
            try checkShape(function, args)
            try serve(function, args, &results, engine: engine)
            return .ok
        } catch {
            return .error(error.message)
        }
    }

    /// Refuses a call whose `self` is not this strategy's `ctx` (`ctx.buy(x, o)`), or that passes
    /// arguments the function does not take.
    private func checkShape(_ function: HostFunction, _ args: LuaArgs) throws(CallError) {
        guard args.hasOwnReceiver else {
            throw CallError("\(function.label): self must be the strategy's ctx (got \(args.typeName(at: 0))); call it with a colon: \(function.usage)")
        }
        guard let most = function.maxArguments else { return }
        for index in (most + 1)..<max(most + 1, args.count) where !args.isNil(at: index) {
            let takes = most == 0 ? "no arguments" : most == 1 ? "at most 1 argument" : "at most \(most) arguments"
            throw CallError("\(function.label) takes \(takes) (got a \(args.typeName(at: index)) as argument \(index)); see \(function.usage)")
        }
    }

    private func serve(_ function: HostFunction, _ args: LuaArgs, _ results: inout LuaResults, engine: Engine) throws(CallError) {
        switch function {
        case .position:
            results.push(number: engine.position(try symbolArgument(args, 1, of: function)))
        case .cash:
            results.push(number: engine.portfolio.cash.doubleValue)
        case .equity:
            results.push(number: engine.markedEquity())
        case .now:
            results.push(integer: engine.now)
        case .buy, .sell:
            try order(function, args, &results, engine: engine)
        case .oco:
            try oco(args, &results, engine: engine)
        case .instrument:
            instrument(try symbolArgument(args, 1, of: function), &results, engine: engine)
        case .close:
            let symbol = try symbolArgument(args, 1, of: function)
            let position = engine.position(symbol)
            guard position != 0 else {
                results.pushNil()
                return
            }
            let side: Side = position > 0 ? .sell : .buy
            switch engine.submit(symbol: symbol, side: side, kind: .market, quantity: abs(position), price: nil, tag: "close") {
            case .success(let id): results.push(integer: id.rawValue)
            case .failure(let rejection):
                results.pushNil()
                results.push(string: rejection.description)
            }
        case .cancel:
            guard let scalar = args.scalar(at: 1), let id = scalar.integer else {
                let got = args.scalar(at: 1).map { $0.number != nil ? "\($0.typeName) \($0.description)" : $0.typeName } ?? "no value"
                throw CallError("ctx:cancel: argument 'id' must be an integer order id, as ctx:buy returned it (got \(got))")
            }
            results.push(bool: engine.cancel(OrderID(id)))
        case .orderCount:
            let filter = try optionalSymbolArgument(args, 1, of: function)
            results.push(integer: Int64(engine.openOrders.filter { filter == nil || $0.symbol == filter }.count))
        case .orderAt:
            guard let index = args.integer(at: 1) else { throw CallError("ctx:orders: bad index (the prelude passes an integer)") }
            let filter = try optionalSymbolArgument(args, 2, of: function)
            let orders = engine.openOrders.filter { filter == nil || $0.symbol == filter }
            guard index >= 1, index <= orders.count else {
                results.pushNil()
                return
            }
            let order = orders[Int(index) - 1]
            let instrument = engine.instruments[Int(order.symbol.rawValue)]
            results.push(integer: order.id.rawValue)
            results.push(string: symbols.name(of: order.symbol))
            results.push(string: order.side.rawValue)
            results.push(string: order.kind.rawValue)
            results.push(number: instrument.double(order.quantity))
            if let price = order.price { results.push(number: instrument.double(price)) } else { results.pushNil() }
            results.push(number: instrument.double(order.filled))
            if let tag = order.tag { results.push(string: tag) } else { results.pushNil() }
        case .log:
            // Each part is copied only up to the line cap: the engine cuts the joined line again.
            let cap = engine.logLimits.maxLineBytes
            var parts: [String] = []
            for index in 1..<max(1, args.count) { parts.append(args.description(at: index, maxBytes: cap)) }
            engine.strategyLog("\(schema.name): \(parts.joined(separator: " "))")
        }
    }

    /// The symbol argument at `index`, or the run's primary symbol when it is absent or nil.
    @inline(__always)
    private func symbolArgument(_ args: LuaArgs, _ index: Int, of function: HostFunction) throws(CallError) -> SymbolID {
        try optionalSymbolArgument(args, index, of: function) ?? primary
    }

    /// The symbol argument at `index`, or nil when it is absent or nil.
    private func optionalSymbolArgument(_ args: LuaArgs, _ index: Int, of function: HostFunction) throws(CallError) -> SymbolID? {
        guard !args.isNil(at: index) else { return nil }
        guard let name = args.string(at: index) else {
            throw CallError("\(function.label): argument 'symbol' must be a string (got \(args.typeName(at: index)))")
        }
        guard let id = symbols.id(of: name) else {
            throw CallError("\(function.label): unknown symbol '\(name)' (this run trades \(symbols.names.joined(separator: ", ")))")
        }
        return id
    }
}

/// A `ctx` call the host refuses; raised in Lua with `message`.
struct CallError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension LuaArgs {
    /// Field `name` of the table argument at `index` as a number; nil when absent, an error naming
    /// the field when it is present with another type.
    @inline(__always)
    func numberField(_ index: Int, _ name: String, of label: String) throws(CallError) -> Double? {
        guard let field = field(at: index, name) else { return nil }
        guard let number = field.number else { throw CallError("\(label): field '\(name)' must be a number (got \(field.typeName))") }
        return number
    }
}

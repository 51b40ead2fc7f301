import Engine
public import LuaRuntime
import SparkCore

extension LuaStrategy: LuaHost {
    /// Serves a `ctx` call from Lua. Returns an error status instead of throwing: the C side raises it.
    public func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        guard let function = HostFunction(rawValue: id), let engine else {
            return .error("this function is not available before on_start")
        }
        switch function {
        case .position:
            guard let symbol = symbol(args, 1) else { return unknownSymbol(args, 1) }
            results.push(number: engine.position(symbol))
        case .cash:
            results.push(number: engine.portfolio.cash.doubleValue)
        case .equity:
            results.push(number: engine.markedEquity())
        case .now:
            results.push(integer: engine.now)
        case .buy, .sell:
            return order(function == .buy ? .buy : .sell, args, &results, engine: engine)
        case .close:
            guard let symbol = symbol(args, 1) else { return unknownSymbol(args, 1) }
            let position = engine.position(symbol)
            guard position != 0 else {
                results.pushNil()
                return .ok
            }
            let side: Side = position > 0 ? .sell : .buy
            switch engine.submit(symbol: symbol, side: side, kind: .market, quantity: abs(position), price: nil, tag: "close") {
            case .success(let id): results.push(integer: id.rawValue)
            case .failure(let rejection):
                results.pushNil()
                results.push(string: rejection.description)
            }
        case .cancel:
            guard let id = args.integer(at: 1) else { return .error("cancel(id): expected an order id") }
            results.push(bool: engine.cancel(OrderID(id)))
        case .orderCount:
            let filter = args.count > 1 && !args.isNil(at: 1) ? symbol(args, 1) : nil
            if args.count > 1 && !args.isNil(at: 1) && filter == nil { return unknownSymbol(args, 1) }
            results.push(integer: Int64(engine.openOrders.filter { filter == nil || $0.symbol == filter }.count))
        case .orderAt:
            guard let index = args.integer(at: 1) else { return .error("orders: bad index") }
            let filter = args.count > 2 && !args.isNil(at: 2) ? symbol(args, 2) : nil
            let orders = engine.openOrders.filter { filter == nil || $0.symbol == filter }
            guard index >= 1, index <= orders.count else {
                results.pushNil()
                return .ok
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
            var parts: [String] = []
            for index in 1..<max(1, args.count) { parts.append(args.description(at: index)) }
            engine.log(.info, "\(schema.name): \(parts.joined(separator: " "))")
        }
        return .ok
    }

    private func order(_ side: Side, _ args: LuaArgs, _ results: inout LuaResults, engine: Engine) -> LuaHostStatus {
        let verb = side == .buy ? "buy" : "sell"
        guard args.count > 1, args.isTable(at: 1) else {
            return .error("ctx:\(verb){ qty = …, [limit = …], [stop = …], [symbol = …], [tag = …] }: expected a table")
        }
        let allowed: Set<String> = ["qty", "limit", "stop", "symbol", "tag"]
        if let unknown = args.fieldNames(at: 1).first(where: { !allowed.contains($0) }) {
            return .error("ctx:\(verb): unknown field '\(unknown)' (allowed: qty, limit, stop, symbol, tag)")
        }
        guard let quantity = args.field(at: 1, "qty")?.number else {
            return .error("ctx:\(verb): qty must be a number")
        }
        var symbol = primary
        if let name = args.field(at: 1, "symbol")?.string {
            guard let known = symbols.id(of: name) else {
                return .error("ctx:\(verb): unknown symbol '\(name)' (this run trades \(symbols.names.joined(separator: ", ")))")
            }
            symbol = known
        }
        let limit = args.field(at: 1, "limit")
        let stop = args.field(at: 1, "stop")
        if limit != nil && stop != nil { return .error("ctx:\(verb): give limit or stop, not both") }
        let kind: OrderKind = limit != nil ? .limit : stop != nil ? .stop : .market
        let priceField = limit ?? stop
        if priceField != nil && priceField?.number == nil { return .error("ctx:\(verb): \(kind.rawValue) price must be a number") }
        let tag = args.field(at: 1, "tag")?.string
        switch engine.submit(symbol: symbol, side: side, kind: kind, quantity: quantity, price: priceField?.number, tag: tag) {
        case .success(let id):
            results.push(integer: id.rawValue)
        case .failure(let rejection):
            results.pushNil()
            results.push(string: rejection.description)
        }
        return .ok
    }

    /// The symbol at `index`, or the run's primary symbol when the argument is absent.
    @inline(__always)
    private func symbol(_ args: LuaArgs, _ index: Int) -> SymbolID? {
        guard args.count > index, !args.isNil(at: index) else { return primary }
        guard let name = args.string(at: index) else { return nil }
        return symbols.id(of: name)
    }

    private func unknownSymbol(_ args: LuaArgs, _ index: Int) -> LuaHostStatus {
        .error("unknown symbol \(args.description(at: index)) (this run trades \(symbols.names.joined(separator: ", ")))")
    }
}

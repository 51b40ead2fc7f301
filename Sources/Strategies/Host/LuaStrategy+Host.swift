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
        case .update:
            guard let indicator = indicator(args, 0) else { return .error("update: expected an indicator as self") }
            if args.count > 1, args.isTable(at: 1) {
                guard let high = args.field(at: 1, "high")?.number, let low = args.field(at: 1, "low")?.number,
                      let close = args.field(at: 1, "close")?.number else {
                    return .error("update: a bar table needs numeric high, low and close")
                }
                push(indicator.update(high: high, low: low, close: close), &results)
            } else {
                guard let x = args.number(at: 1), x.isFinite else { return .error("update: expected a finite number or a bar") }
                push(indicator.update(x), &results)
            }
        case .value:
            guard let indicator = indicator(args, 0) else { return .error("value: expected an indicator as self") }
            push(indicator.value, &results)
        case .previous:
            guard let indicator = indicator(args, 0) else { return .error("prev: expected an indicator as self") }
            push(indicator.previous, &results)
        case .ready:
            guard let indicator = indicator(args, 0) else { return .error("ready: expected an indicator as self") }
            results.push(bool: indicator.isReady)
        case .bands:
            guard let indicator = indicator(args, 0) else { return .error("bands: expected an indicator as self") }
            push(indicator.upper, &results)
            push(indicator.value, &results)
            push(indicator.lower, &results)
        case .crossover, .crossunder:
            guard let a = indicator(args, 0), let b = indicator(args, 1) else {
                return .error("\(function == .crossover ? "crossover" : "crossunder")(a, b): expected two indicators")
            }
            results.push(bool: function == .crossover ? Indicators.crossover(a, b) : Indicators.crossover(b, a))
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
        case .sma, .ema, .rsi, .atr, .bbands, .highest, .lowest:
            return makeIndicator(function, args, &results)
        }
        return .ok
    }

    private func makeIndicator(_ function: HostFunction, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        let name = "\(function)"
        guard let period = args.integer(at: 0), period >= 1, period <= 100_000 else {
            return .error("ta.\(name)(period): period must be an integer between 1 and 100000")
        }
        guard indicators.count < 10_000 else {
            return .error("ta.\(name): more than 10000 indicators; create them once, in on_start")
        }
        let indicator: Indicator
        switch function {
        case .sma: indicator = SMA(Int(period))
        case .ema: indicator = EMA(Int(period))
        case .rsi: indicator = RSI(Int(period))
        case .atr: indicator = ATR(Int(period))
        case .highest: indicator = Extreme(Int(period), highest: true)
        case .lowest: indicator = Extreme(Int(period), highest: false)
        default:
            let k = args.count > 1 && !args.isNil(at: 1) ? args.number(at: 1) : 2
            guard let k, k.isFinite, k > 0 else { return .error("ta.bbands(period, k): k must be a positive number") }
            indicator = Bollinger(Int(period), k: k)
        }
        indicators.append(indicator)
        results.push(handle: indicatorClass, id: Int64(indicators.count - 1))
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

    @inline(__always)
    private func indicator(_ args: LuaArgs, _ index: Int) -> Indicator? {
        guard let handle = args.handle(at: index), handle.classID == indicatorClass, handle.id >= 0, handle.id < indicators.count else {
            return nil
        }
        return indicators[Int(handle.id)]
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

    @inline(__always)
    private func push(_ value: Double, _ results: inout LuaResults) {
        if value.isNaN { results.pushNil() } else { results.push(number: value) }
    }
}

import Engine
import LuaRuntime
import SparkCore

/// Order entry from Lua: `ctx:buy{…}` / `ctx:sell{…}` (one order, or a bracket with `stop_loss`),
/// `ctx:oco{…}`, and `ctx:instrument(symbol)`. Strict: every wrong field is an error naming the call
/// and the field (docs/strategy-api.md).
extension LuaStrategy {
    /// The fields an order table may have; static so checking them allocates nothing per order.
    static let orderFields: [StaticString] = [
        "qty", "limit", "stop", "take_profit", "stop_loss", "trail", "trail_pct", "tif", "good_till", "post_only", "reduce_only", "symbol", "tag",
    ]
    static let orderFieldList = "qty, limit, stop, take_profit, stop_loss, trail, trail_pct, tif, good_till, post_only, reduce_only, symbol, tag"
    static let ocoFields: [StaticString] = ["side", "qty", "limit", "stop", "stop_limit", "reduce_only", "symbol", "tag"]
    static let ocoFieldList = "side, qty, limit, stop, stop_limit, reduce_only, symbol, tag"

    /// The fields every order call shares.
    struct OrderBasics {
        var symbol: SymbolID
        var quantity: Double
        var tag: String?
    }

    func order(_ function: HostFunction, _ args: LuaArgs, _ results: inout LuaResults, engine: Engine) throws(CallError) {
        let label = function.label
        guard args.isTable(at: 1) else {
            throw CallError("\(label){ qty = …, [limit = …], [stop = …], … }: expected a table (got \(args.typeName(at: 1)))")
        }
        if let unknown = args.firstUnknownField(at: 1, allowed: Self.orderFields) {
            throw CallError("\(label): unknown field '\(unknown)' (allowed: \(Self.orderFieldList))")
        }
        let basics = try orderBasics(args, label)
        let side: Side = function == .buy ? .buy : .sell
        var request = OrderRequest(symbol: basics.symbol, side: side, kind: .market, quantity: basics.quantity, tag: basics.tag)
        request.timeInForce = try timeInForce(args, label)
        request.postOnly = try flagField(args, "post_only", label)
        request.reduceOnly = try flagField(args, "reduce_only", label)
        let limit = try args.numberField(1, "limit", of: label)
        let stop = try args.numberField(1, "stop", of: label)
        let takeProfit = try args.numberField(1, "take_profit", of: label)
        request.trailAmount = try args.numberField(1, "trail", of: label)
        request.trailBps = try args.numberField(1, "trail_pct", of: label).map { $0 * 100 }
        if let stopLoss = try args.numberField(1, "stop_loss", of: label) {
            try bracket(request, limit: limit, stop: stop, stopLoss: stopLoss, takeProfit: takeProfit, label: label, &results, engine: engine)
            return
        }
        try shape(&request, limit: limit, stop: stop, takeProfit: takeProfit, label: label)
        push(engine.submit(request), &results)
    }

    /// The kind a single order's price fields make (docs/strategy-api.md, "Order kinds").
    private func shape(_ request: inout OrderRequest, limit: Double?, stop: Double?, takeProfit: Double?, label: String) throws(CallError) {
        request.price = limit
        if request.trailAmount != nil || request.trailBps != nil {
            guard limit == nil, takeProfit == nil else { throw CallError("\(label): a trailing stop (trail or trail_pct) takes no limit or take_profit") }
            request.kind = .trailingStop
            request.trigger = stop
        } else if let takeProfit {
            guard stop == nil else {
                throw CallError("\(label): give stop or take_profit, not both (a stop and a target together: stop_loss = … with take_profit = … for a bracket, or ctx:oco)")
            }
            request.kind = limit == nil ? .takeProfit : .takeProfitLimit
            request.trigger = takeProfit
        } else if let stop {
            request.kind = limit == nil ? .stop : .stopLimit
            request.trigger = stop
        } else if limit != nil {
            request.kind = .limit
        }
    }

    /// An entry (market, limit, stop or stop-limit from `limit`/`stop`) with a stop exit at `stopLoss`
    /// and, with `takeProfit`, a limit exit: returns the entry's, the stop's and the target's ids.
    private func bracket(
        _ entry: OrderRequest, limit: Double?, stop: Double?, stopLoss: Double, takeProfit: Double?, label: String,
        _ results: inout LuaResults, engine: Engine
    ) throws(CallError) {
        guard entry.trailAmount == nil, entry.trailBps == nil else { throw CallError("\(label): trail and trail_pct do not apply to a bracket (stop_loss)") }
        guard !entry.reduceOnly else { throw CallError("\(label): a bracket's entry opens a position, so reduce_only does not apply (its exits are reduce-only already)") }
        var entry = entry
        entry.price = limit
        entry.trigger = stop
        entry.kind = limit != nil ? (stop != nil ? .stopLimit : .limit) : (stop != nil ? .stop : .market)
        let exitSide = entry.side.opposite
        var requests = [entry, OrderRequest(symbol: entry.symbol, side: exitSide, kind: .stop, quantity: entry.quantity, trigger: stopLoss, tag: entry.tag)]
        if let takeProfit {
            requests.append(OrderRequest(symbol: entry.symbol, side: exitSide, kind: .limit, quantity: entry.quantity, price: takeProfit, tag: entry.tag))
        }
        switch engine.submit(requests, as: .bracket) {
        case .success(let ids):
            for id in ids { results.push(integer: id.rawValue) }
            if ids.count == 2 { results.pushNil() }
        case .failure(let rejection):
            results.pushNil()
            results.push(string: rejection.description)
        }
    }

    /// `ctx:oco{ side =, qty =, limit =, stop = [, stop_limit =] … }`: a limit leg and a stop (or
    /// stop-limit) leg; returns the limit leg's id, then the stop leg's.
    func oco(_ args: LuaArgs, _ results: inout LuaResults, engine: Engine) throws(CallError) {
        let label = HostFunction.oco.label
        guard args.isTable(at: 1) else {
            throw CallError("\(label){ side = \"buy\"|\"sell\", qty = …, limit = …, stop = … }: expected a table (got \(args.typeName(at: 1)))")
        }
        if let unknown = args.firstUnknownField(at: 1, allowed: Self.ocoFields) {
            throw CallError("\(label): unknown field '\(unknown)' (allowed: \(Self.ocoFieldList))")
        }
        let basics = try orderBasics(args, label)
        guard let field = args.field(at: 1, "side"), let side = field.string.flatMap(Side.init(rawValue:)) else {
            let got = args.field(at: 1, "side").map { $0.string.map { "'\($0)'" } ?? $0.typeName } ?? "nil"
            throw CallError("\(label): field 'side' must be \"buy\" or \"sell\" (got \(got))")
        }
        guard let limit = try args.numberField(1, "limit", of: label) else { throw CallError("\(label): field 'limit' must be a number (got nil)") }
        guard let stop = try args.numberField(1, "stop", of: label) else { throw CallError("\(label): field 'stop' must be a number (got nil)") }
        let stopLimit = try args.numberField(1, "stop_limit", of: label)
        let reduceOnly = try flagField(args, "reduce_only", label)
        let limitLeg = OrderRequest(symbol: basics.symbol, side: side, kind: .limit, quantity: basics.quantity, price: limit, reduceOnly: reduceOnly, tag: basics.tag)
        let stopLeg = OrderRequest(
            symbol: basics.symbol, side: side, kind: stopLimit == nil ? .stop : .stopLimit, quantity: basics.quantity, price: stopLimit,
            trigger: stop, reduceOnly: reduceOnly, tag: basics.tag
        )
        switch engine.submit([limitLeg, stopLeg], as: .oco) {
        case .success(let ids):
            for id in ids { results.push(integer: id.rawValue) }
        case .failure(let rejection):
            results.pushNil()
            results.push(string: rejection.description)
        }
    }

    /// `ctx:instrument([symbol])`: the prelude builds the table from these eight values.
    func instrument(_ symbol: SymbolID, _ results: inout LuaResults, engine: Engine) {
        let instrument = engine.instruments[Int(symbol.rawValue)]
        results.push(string: symbols.name(of: symbol))
        results.push(number: instrument.double(Price(units: instrument.tick)))
        results.push(number: instrument.double(Quantity(units: instrument.step)))
        results.push(number: instrument.double(Quantity(units: instrument.minQuantity)))
        results.push(number: instrument.minNotional.doubleValue)
        results.push(bool: instrument.allowShort)
        results.push(integer: Int64(instrument.priceDecimals))
        results.push(integer: Int64(instrument.quantityDecimals))
    }

    /// `qty`, `symbol` and `tag`, checked.
    private func orderBasics(_ args: LuaArgs, _ label: String) throws(CallError) -> OrderBasics {
        guard let quantity = try args.numberField(1, "qty", of: label) else {
            throw CallError("\(label): field 'qty' must be a number (got nil)")
        }
        var basics = OrderBasics(symbol: primary, quantity: quantity, tag: nil)
        if let field = args.field(at: 1, "symbol") {
            guard let name = field.string else {
                throw CallError("\(label): field 'symbol' must be a string (got \(field.typeName))")
            }
            guard let known = symbols.id(of: name) else {
                throw CallError("\(label): unknown symbol '\(name)' (this run trades \(symbols.names.joined(separator: ", ")))")
            }
            basics.symbol = known
        }
        if let field = args.field(at: 1, "tag") {
            guard let bytes = field.withStringBytes({ $0.count }) else {
                throw CallError("\(label): field 'tag' must be a string (got \(field.typeName))")
            }
            guard bytes <= Order.maxTagBytes else {
                throw CallError("\(label): tag is \(bytes) bytes, over the \(Order.maxTagBytes)-byte limit")
            }
            basics.tag = field.string
        }
        return basics
    }

    /// `tif` ("GTC", "IOC", "FOK") and `good_till` (ms; good till that time).
    private func timeInForce(_ args: LuaArgs, _ label: String) throws(CallError) -> TimeInForce {
        var tif = TimeInForce.gtc
        if let field = args.field(at: 1, "tif") {
            switch field.string {
            case "GTC": tif = .gtc
            case "IOC": tif = .ioc
            case "FOK": tif = .fok
            default:
                let got = field.string.map { "'\($0)'" } ?? field.typeName
                throw CallError("\(label): field 'tif' must be \"GTC\", \"IOC\" or \"FOK\" (got \(got)); for good-till-date give good_till = <ms>")
            }
        }
        if let field = args.field(at: 1, "good_till") {
            guard let time = field.integer else {
                throw CallError("\(label): field 'good_till' must be an integer time in ms since the epoch (got \(field.number != nil ? "\(field.description)" : field.typeName))")
            }
            guard tif == .gtc, args.field(at: 1, "tif").map({ $0.string == "GTC" }) ?? true else {
                throw CallError("\(label): good_till makes the order good till that time; it cannot be combined with tif = \"IOC\" or \"FOK\"")
            }
            tif = .gtd(time)
        }
        return tif
    }

    private func flagField(_ args: LuaArgs, _ name: String, _ label: String) throws(CallError) -> Bool {
        guard let field = args.field(at: 1, name) else { return false }
        guard let flag = field.bool else { throw CallError("\(label): field '\(name)' must be a boolean (got \(field.typeName))") }
        return flag
    }

    private func push(_ result: Result<OrderID, OrderRejection>, _ results: inout LuaResults) {
        switch result {
        case .success(let id):
            results.push(integer: id.rawValue)
        case .failure(let rejection):
            results.pushNil()
            results.push(string: rejection.description)
        }
    }
}

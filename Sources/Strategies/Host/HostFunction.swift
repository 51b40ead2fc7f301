/// Identifiers of the host functions the `ctx` API is made of; the Lua side only sees the numbers.
enum HostFunction: Int32 {
    case buy = 1, sell, close, cancel, position, cash, equity, orderCount, orderAt, log, now, oco, instrument

    /// How messages name the function, as a strategy writes it.
    var label: String {
        switch self {
        case .buy: "ctx:buy"
        case .sell: "ctx:sell"
        case .close: "ctx:close"
        case .cancel: "ctx:cancel"
        case .position: "ctx:position"
        case .cash: "ctx:cash"
        case .equity: "ctx:equity"
        case .orderCount, .orderAt: "ctx:orders"
        case .log: "ctx:log"
        case .now: "ctx:now"
        case .oco: "ctx:oco"
        case .instrument: "ctx:instrument"
        }
    }

    /// The call as the docs show it, for the hint when `self` is wrong.
    var usage: String {
        switch self {
        case .buy: "ctx:buy{ qty = … }"
        case .sell: "ctx:sell{ qty = … }"
        case .close: "ctx:close([symbol])"
        case .cancel: "ctx:cancel(id)"
        case .position: "ctx:position([symbol])"
        case .cash: "ctx:cash()"
        case .equity: "ctx:equity()"
        case .orderCount, .orderAt: "ctx:orders([symbol])"
        case .log: "ctx:log(...)"
        case .now: "ctx:now()"
        case .oco: "ctx:oco{ side = …, qty = …, limit = …, stop = … }"
        case .instrument: "ctx:instrument([symbol])"
        }
    }

    /// How many arguments it takes after `self`; nil for any number (`log`).
    var maxArguments: Int? {
        switch self {
        case .cash, .equity, .now: 0
        case .buy, .sell, .close, .cancel, .position, .orderCount, .oco, .instrument: 1
        case .orderAt: 2
        case .log: nil
        }
    }
}

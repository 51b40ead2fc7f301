/// Identifiers of the host functions the `ctx` API is made of; the Lua side only sees the numbers.
enum HostFunction: Int32 {
    case buy = 1, sell, close, cancel, position, cash, equity, orderCount, orderAt, log, now
    case sma = 20, ema, rsi, atr, bbands, highest, lowest, crossover, crossunder
    // Methods of indicator handles.
    case update = 40, value, previous, ready, bands
}

/// The handle class of indicators.
let indicatorClass: Int32 = 1

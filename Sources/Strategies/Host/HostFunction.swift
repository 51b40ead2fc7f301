/// Identifiers of the host functions the `ctx` API is made of; the Lua side only sees the numbers.
enum HostFunction: Int32 {
    case buy = 1, sell, close, cancel, position, cash, equity, orderCount, orderAt, log, now
}

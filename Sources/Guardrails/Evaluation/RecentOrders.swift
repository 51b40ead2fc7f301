import SparkCore

/// The last allowed orders' economic identity and time, for duplicate detection.
struct RecentOrders: Sendable {
    struct Entry: Sendable {
        var symbol: SymbolID
        var side: Side
        var kind: OrderKind
        var quantity: Int64
        var price: Int64
        var time: Int64
    }

    private var entries: [Entry]
    private var next = 0
    private var filled = 0

    init(capacity: Int) {
        entries = Array(repeating: Entry(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 0, price: 0, time: .min), count: capacity)
    }

    mutating func push(_ order: Order, at time: Int64) {
        entries[next] = Entry(symbol: order.symbol, side: order.side, kind: order.kind, quantity: order.quantity.units, price: order.price?.units ?? 0, time: time)
        next = (next + 1) % entries.count
        filled = min(filled + 1, entries.count)
    }

    /// The time of an identical order at or after `since`, if there is one.
    func duplicate(of order: Order, since: Int64) -> Int64? {
        let price = order.price?.units ?? 0
        for index in 0..<filled {
            let entry = entries[index]
            if entry.time >= since, entry.symbol == order.symbol, entry.side == order.side, entry.kind == order.kind,
               entry.quantity == order.quantity.units, entry.price == price {
                return entry.time
            }
        }
        return nil
    }
}

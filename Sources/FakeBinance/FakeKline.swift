import Foundation

/// One kline as the fake builds it from a bar.
struct FakeKline: Sendable {
    var openTime: Int64
    var open: Decimal
    var high: Decimal
    var low: Decimal
    var close: Decimal
    var volume: Decimal
    var quoteVolume: Decimal
    var firstTradeId: Int64
    var lastTradeId: Int64
    var trades: Int
}

import Binance
import Foundation
@testable import Live
import Testing

@Suite("Live: the journal lines written by hand")
struct LiveRecordLineTests {
    private static func encoded(_ record: LiveRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    private static func direct(_ record: LiveRecord) -> String? { record.directLine().map { String(decoding: $0, as: UTF8.self) } }

    static let prices: [Double] = [
        0, -0.0, 1, 100, 42000.5, 0.1, 0.000_000_01, 1e-7, 123_456_789.123_456_78, 1e16, 1e17, 2.5e20, -3.25, .leastNonzeroMagnitude,
        .greatestFiniteMagnitude, 9_007_199_254_740_993,
    ]

    @Test func aBarInputIsWrittenAsJSONEncoderWritesIt() throws {
        for (index, price) in Self.prices.enumerated() {
            var record = LiveRecord(seq: Int64(index + 1), type: .input, time: index.isMultiple(of: 2) ? 1_767_225_600_000 + Int64(index) : nil)
            record.input = .bar(LiveBar(time: 1_767_225_600_000 - Int64(index), open: price, high: price + 1, low: -price, close: price / 3, volume: Double(index)))
            #expect(Self.direct(record) == (try Self.encoded(record)), "\(price)")
        }
    }

    @Test func anIntentIsWrittenAsJSONEncoderWritesIt() throws {
        let texts = ["plain", "", "quote \" back\\slash /slash", "line\nfeed\ttab\u{01}\u{1f}", "ünïcödé ✓ 🚀", "\u{2028}\u{7f}"]
        var cases = 0
        for (index, text) in texts.enumerated() {
            for options in 0..<16 {
                var order = NewOrder(
                    symbol: "BTC" + text, side: options.isMultiple(of: 2) ? .buy : .sell, type: [.market, .limit, .stopLossLimit, .limitMaker][options % 4],
                    quantity: "0.001" + text, clientOrderID: "sk1-\(text)-\(options)", recvWindow: 5_000 + options, timestamp: 1_767_225_600_000 + Int64(options)
                )
                if options & 1 != 0 { order.price = "42000.10" + text }
                if options & 2 != 0 { order.stopPrice = "41000" + text }
                if options & 4 != 0 { order.timeInForce = [.gtc, .ioc, .fok][index % 3] }
                if options & 8 != 0 { order.trailingDelta = 100 + options }
                var record = LiveRecord(seq: Int64(options), type: .intent, time: options == 3 ? nil : 1_767_225_600_000)
                record.intent = IntentRecord(
                    action: [.place, .cancel][options % 2], clientID: "sk1-" + text, decision: Int64(index * 100 + options), paramsHash: "ab" + text,
                    policyHash: options == 5 ? "" : "cd" + text, verdict: "passed " + text, order: options == 7 ? nil : order
                )
                #expect(Self.direct(record) == (try Self.encoded(record)), "\(text) \(options)")
                cases += 1
            }
        }
        #expect(cases == 96)
    }

    @Test func everyOtherRecordIsLeftToJSONEncoder() {
        var list = LiveRecord(seq: 1, type: .intent, time: 0)
        list.intent = IntentRecord(
            action: .placeList, clientID: "l", decision: 1, paramsHash: "", policyHash: "", verdict: "", list: NewOrderList(kind: .oco, listClientOrderID: "l", orders: []))
        var timer = LiveRecord(seq: 2, type: .input, time: 0)
        timer.input = .timer(time: 5)
        var note = LiveRecord(seq: 3, type: .note, time: 0)
        note.note = "n"
        var badBar = LiveRecord(seq: 4, type: .input, time: 0)
        badBar.input = .bar(LiveBar(time: 0, open: .nan, high: 1, low: 1, close: 1, volume: 1))
        for record in [list, timer, note, badBar, LiveRecord(seq: 5, type: .end, time: 0)] {
            #expect(record.directLine() == nil, "\(record.type)")
        }
    }

    /// A field added to one of these types must be added to the hand-written line too: this fails until it is.
    @Test func theHandWrittenLinesKnowEveryField() {
        let bar = LiveBar(time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0)
        let order = NewOrder(symbol: "", side: .buy, type: .market, quantity: "", clientOrderID: "", timestamp: 0)
        let intent = IntentRecord(action: .place, clientID: "", decision: 0, paramsHash: "", policyHash: "", verdict: "")
        let labels = { (value: Any) in Mirror(reflecting: value).children.compactMap(\.label).sorted() }
        #expect(labels(bar) == ["close", "high", "low", "open", "time", "volume"])
        #expect(labels(order) == ["clientOrderID", "price", "quantity", "recvWindow", "side", "stopPrice", "symbol", "timeInForce", "timestamp", "trailingDelta", "type"])
        #expect(labels(intent) == ["action", "clientID", "decision", "list", "order", "paramsHash", "policyHash", "verdict"])
        #expect(labels(LiveRecord(seq: 0, type: .input)) == ["decision", "header", "input", "intent", "note", "seq", "time", "type"])
    }
}

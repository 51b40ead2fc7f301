import Testing
@testable import MarketStream

@Suite struct MarketFrameParserTests {
    @Test func aClosedKlineReadsAsABarWithItsIntervalAndBothTimes() throws {
        let event = try MarketFrameParser.parse(Frames.kline(open: Frames.start, close: 100.5), receivedAt: Frames.start + Frames.minute + 250)
        guard case .kline(let kline) = event.payload else { Issue.record("not a kline: \(event)"); return }
        #expect(event.stream == "btcusdt@kline_1m")
        #expect(event.eventTime == Frames.start + Frames.minute)
        #expect(event.receivedAt == Frames.start + Frames.minute + 250)
        #expect(event.ingestLag == 250)
        #expect(kline.isClosed && kline.interval == "1m" && kline.symbol == "BTCUSDT")
        #expect(kline.openTime == Frames.start && kline.closeTime == Frames.start + Frames.minute - 1)
        #expect(kline.bar.time == Frames.start && kline.bar.open == 99.5 && kline.bar.high == 101.25 && kline.bar.low == 98.75)
        #expect(kline.bar.close == 100.5 && kline.bar.volume == 12.5 && kline.firstTradeID == 100 && kline.lastTradeID == 200)
    }

    @Test func anOpenKlineUpdateIsNotClosed() throws {
        let event = try MarketFrameParser.parse(Frames.kline(open: Frames.start, closed: false), receivedAt: 0)
        guard case .kline(let kline) = event.payload else { Issue.record("not a kline"); return }
        #expect(!kline.isClosed)
    }

    @Test func aTradeKeepsItsIdAndTime() throws {
        let event = try MarketFrameParser.parse(Frames.trade(id: 42, time: 1_700_000_000_123), receivedAt: 1_700_000_000_200)
        #expect(event.payload == .trade(StreamTrade(symbol: "BTCUSDT", id: 42, price: 100.01, quantity: 0.5, time: 1_700_000_000_123, buyerIsMaker: true)))
        #expect(event.eventTime == 1_700_000_000_124)
    }

    @Test func aBookTickerHasNoEventTime() throws {
        let event = try MarketFrameParser.parse(Frames.book(update: 400900217), receivedAt: 5)
        #expect(event.payload == .bookTicker(StreamBookTicker(symbol: "BTCUSDT", updateID: 400900217, bid: 99.99, bidQuantity: 1.5, ask: 100.01, askQuantity: 2.5)))
        #expect(event.eventTime == nil && event.ingestLag == nil)
    }

    @Test func serverShutdownReadsWrappedOrBare() throws {
        #expect(try MarketFrameParser.parse(Frames.shutdown, receivedAt: 0).payload == .serverShutdown)
        let bare = try MarketFrameParser.parse(#"{"e":"serverShutdown","E":1700000100000}"#, receivedAt: 0)
        #expect(bare.payload == .serverShutdown && bare.eventTime == 1_700_000_100_000)
    }

    @Test func aMissingOrMistypedFieldIsNamed() {
        let noOpen = Frames.kline(open: Frames.start).replacingOccurrences(of: "\"t\":\(Frames.start),", with: "")
        #expect(throws: MarketStreamError(.malformed, "expected an integer, found nothing", location: "data.k.t")) {
            try MarketFrameParser.parse(noOpen, receivedAt: 0)
        }
        let textPrice = Frames.trade(id: 1, time: 2).replacingOccurrences(of: "\"p\":\"100.01\"", with: "\"p\":100.01")
        #expect(throws: MarketStreamError.self) { try MarketFrameParser.parse(textPrice, receivedAt: 0) }
        do {
            _ = try MarketFrameParser.parse(textPrice, receivedAt: 0)
        } catch {
            #expect(error.location == "data.p" && error.code == .malformed)
        }
        #expect(throws: MarketStreamError(.unknownEvent, "event depthUpdate is not one Spark subscribes to", location: "data.e")) {
            try MarketFrameParser.parse(#"{"stream":"x","data":{"e":"depthUpdate","E":1}}"#, receivedAt: 0)
        }
        #expect(throws: MarketStreamError.self) { try MarketFrameParser.parse("not json", receivedAt: 0) }
    }
}

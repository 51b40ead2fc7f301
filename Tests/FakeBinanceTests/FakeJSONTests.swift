@testable import FakeBinance
import Foundation
import Testing

@Suite struct FakeJSONTests {
    @Test func answersReadBackAsTheSameObjectWithKeysInByteOrder() throws {
        let value: [String: Any] = [
            "symbol": "BTCUSDT", "orderId": 12, "transactTime": Int64(1_700_000_000_123), "isWorking": true, "isMaker": false,
            "Z": "upper case sorts first", "fills": [["price": "1.00", "tradeId": 3], ["price": "2.00", "tradeId": 4]],
            "note": "quote \" slash \\ line\nfeed tab\t bell \u{07} ünïcode", "empty": [Any](), "nothing": NSNull(), "ratio": 0.5,
        ]
        let text = FakeJSON.string(value)
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // Foundation's own writer, on what was read back and on the original, gives the same text.
        let canonical = { (object: Any) in String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) }
        #expect(try canonical(back) == canonical(value))
        #expect(text.hasPrefix(#"{"Z":"upper case sorts first","empty":[],"fills":[{"price":"1.00","tradeId":3}"#))
        #expect(text.contains(#""isMaker":false,"isWorking":true,"note":"quote \" slash \\ line\nfeed tab\t bell \u0007 ünïcode""#))
        #expect(FakeJSON.string(value) == text)
    }

    @Test func aTopLevelArrayIsWritten() {
        #expect(FakeJSON.string([["a": 1], ["b": [1, 2]]] as [Any]) == #"[{"a":1},{"b":[1,2]}]"#)
    }
}

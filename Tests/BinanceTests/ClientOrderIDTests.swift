import Testing
import Binance

@Suite struct ClientOrderIDTests {
    @Test func anIDReadsBackToTheSameParts() throws {
        let id = try #require(ClientOrderID(account: "acct1", slot: 3, sequence: 123_456, kind: .order, attempt: 0))
        #expect(id.description == "sk1-acct1-3-2n9c-o0")
        #expect(ClientOrderID(parsing: id.description) == id)
    }

    @Test func theLongestIDFitsBinancesThirtySixCharacters() throws {
        let id = try #require(ClientOrderID(account: "abcdefgh", slot: 35, sequence: Int64.max, kind: .legC, attempt: 35))
        #expect(id.description.count <= 36)
        #expect(id.description.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test func foreignAndMalformedIDsAreNotSparks() {
        for text in ["web_123", "sk1-acct1-3-2n9c", "sk1-acct1-3-2n9c-x0", "sk1-acct1-3-2N9C-o0", "sk2-acct1-3-2n9c-o0", "sk1--3-1-o0"] {
            #expect(ClientOrderID(parsing: text) == nil, "\(text)")
        }
    }

    @Test func anAccountTagWithPunctuationIsRefused() {
        #expect(ClientOrderID(account: "a-b", slot: 0, sequence: 1, kind: .order) == nil)
        #expect(ClientOrderID(account: "toolongtag", slot: 0, sequence: 1, kind: .order) == nil)
    }
}

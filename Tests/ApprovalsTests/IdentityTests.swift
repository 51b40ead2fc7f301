import Foundation
import Testing
@testable import Approvals
import SparkCore

@Suite("Param-set identity, canonical JSON and diffs")
struct IdentityTests {
    @Test("reordered keys keep the same hash")
    func reorderedKeys() {
        let a = ParamSetIdentity(strategy: "sma_cross", values: ["fast": .int(10), "slow": .int(30), "size": .number(0.02)])
        let b = ParamSetIdentity(strategy: "sma_cross", values: ["size": .number(0.02), "slow": .int(30), "fast": .int(10)])
        #expect(a.sha256 == b.sha256)
        #expect(a.canonical == #"{"strategy":"sma_cross","values":{"fast":10,"size":0.02,"slow":30}}"#)
    }

    @Test("equivalent number spellings keep the same hash", arguments: ["0.020", "0.02", "2e-2", "2.0E-2"])
    func numberSpellings(spelling: String) throws {
        let value = try #require(Double(spelling))
        let a = ParamSetIdentity(strategy: "s", values: ["size": .number(value)])
        #expect(a.sha256 == ParamSetIdentity(strategy: "s", values: ["size": .number(0.02)]).sha256)
        #expect(ParamSetIdentity(strategy: "s", values: ["n": .number(10)]).sha256 == ParamSetIdentity(strategy: "s", values: ["n": .int(10)]).sha256)
    }

    @Test("a changed value changes the hash")
    func changedValue() {
        let a = ParamSetIdentity(strategy: "s", values: ["size": .number(0.02)])
        #expect(a.sha256 != ParamSetIdentity(strategy: "s", values: ["size": .number(0.021)]).sha256)
        #expect(a.sha256 != ParamSetIdentity(strategy: "t", values: ["size": .number(0.02)]).sha256)
    }

    @Test("numbers are written in the ECMAScript shortest form")
    func ecmaNumbers() {
        let cases: [(Double, String)] = [
            (0.02, "0.02"), (1e-7, "1e-7"), (0.000001, "0.000001"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
            (123.456, "123.456"), (-1.5, "-1.5"), (1.5e-10, "1.5e-10"), (0, "0"), (5, "5"),
        ]
        for (value, text) in cases {
            #expect(CanonicalJSON.number(value) == text, "\(value)")
        }
    }

    @Test("strings are escaped minimally and keys sorted")
    func strings() {
        let json = CanonicalJSON.object(["b": .string("a\"\n\u{01}é"), "a": .bool(true)])
        #expect(json.text == #"{"a":true,"b":"a\"\n\u0001é"}"#)
    }

    @Test("a diff names added, removed and changed keys with the relative change")
    func diff() {
        let diff = ParamDiff(old: ["fast": .int(10), "slow": .int(30), "gone": .bool(true)], new: ["fast": .int(12), "slow": .number(30), "new": .string("x")])
        #expect(diff.lines == ["~ fast: 10 → 12 (+20.00%)", "- gone: true", "+ new: \"x\""])
        #expect(diff.json.text.contains(#""relative":0.2"#))
    }
}

@Suite("Statements and envelopes")
struct EnvelopeTests {
    static let sample = Statement(
        type: .approval, proposal: "s-paper-1", target: .params, subject: "s", environment: .paper, baseHash: "none",
        newHash: String(repeating: "b", count: 64), strategyHash: String(repeating: "c", count: 64), symbols: ["BTCUSDT"],
        created: Date(timeIntervalSince1970: 0), expires: Date(timeIntervalSince1970: 86_400)
    )

    @Test("a statement round-trips only in its canonical form")
    func canonicalStatement() throws {
        let statement = EnvelopeTests.sample
        #expect(Statement.decode(statement.canonical) == statement)
        let spaced = Data(String(decoding: statement.canonical, as: UTF8.self).replacingOccurrences(of: ",", with: ", ").utf8)
        #expect(Statement.decode(spaced) == nil)
    }

    @Test("a signature covers the payload type through the DSSE PAE")
    func paeBindsType() throws {
        let key = SigningKey(owner: "alice")
        let statement = EnvelopeTests.sample
        var envelope = try Envelope.sign(statement, with: key)
        #expect(envelope.verifies(envelope.signatures[0], publicKey: key.publicKey))
        envelope.payloadType = "text/plain"
        #expect(!envelope.verifies(envelope.signatures[0], publicKey: key.publicKey))
        #expect(String(decoding: Envelope.pae(type: "t", payload: Data("hi".utf8)), as: UTF8.self) == "DSSEv1 1 t 2 hi")
    }
}

import Crypto
@testable import FakeBinance
import Foundation
import Testing

@Suite struct UserStreamTests {
    static func logon(_ socket: TestSocket, server: FakeBinanceServer) async {
        let timestamp = await server.nowMs()
        let payload = "apiKey=\(TestKeys.edKey)&recvWindow=5000&timestamp=\(timestamp)"
        let signature = try! TestKeys.edPrivate.signature(for: Data(payload.utf8)).base64EncodedString()
        let params: [String: Any] = ["apiKey": TestKeys.edKey, "recvWindow": 5000, "timestamp": timestamp, "signature": signature]
        await socket.send(FakeJSON.string(["id": "1", "method": "session.logon", "params": params]))
        await socket.send(FakeJSON.string(["id": "2", "method": "userDataStream.subscribe"]))
        _ = await socket.waitFor { $0.contains("\"subscriptionId\":0") && $0.contains("\"id\":\"2\"") }
    }

    @Test func anEd25519LogonSubscribesAndOrderChangesArePushed() async throws {
        let server = try await TestKeys.start()
        let socket = TestSocket(url: server.webSocketAPIURL)
        await Self.logon(socket, server: server)
        let http = TestHTTP(server: server, apiKey: TestKeys.edKey, signing: .ed25519)
        let answer = try await http.order([("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001"), ("newClientOrderId", "sk1-x")])
        #expect(answer.status == 200)
        let frames = await socket.waitFor(2) { $0.contains("executionReport") }
        let events = TestSocket.events(await socket.received).filter { $0["e"] as? String == "executionReport" }
        #expect(frames.count == 2)
        #expect(events.map { $0["x"] as? String } == ["NEW", "TRADE"])
        #expect(events.last?["X"] as? String == "FILLED")
        #expect(events.last?["c"] as? String == "sk1-x")
        let positions = await socket.waitFor { $0.contains("outboundAccountPosition") }
        #expect(!positions.isEmpty)
        await socket.stop()
        await server.stop()
    }

    @Test func subscribeSignatureWorksWithAnHMACKey() async throws {
        let server = try await TestKeys.start()
        let socket = TestSocket(url: server.webSocketAPIURL)
        let timestamp = await server.nowMs()
        let payload = "apiKey=\(TestKeys.hmacKey)&recvWindow=5000&timestamp=\(timestamp)"
        let params: [String: Any] = [
            "apiKey": TestKeys.hmacKey, "recvWindow": 5000, "timestamp": timestamp,
            "signature": FakeSignature.hmacHex(secret: TestKeys.hmacSecret, payload: payload),
        ]
        await socket.send(FakeJSON.string(["id": "s", "method": "userDataStream.subscribe.signature", "params": params]))
        let answers = await socket.waitFor { $0.contains("\"id\":\"s\"") }
        #expect(answers.first?.contains("\"status\":200") == true)
        await socket.send(FakeJSON.string(["id": "p", "method": "ping"]))
        #expect(await socket.waitFor { $0.contains("\"id\":\"p\"") }.count == 1)
        await socket.stop()
        await server.stop()
    }
}

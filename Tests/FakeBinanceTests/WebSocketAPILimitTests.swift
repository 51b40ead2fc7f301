@testable import FakeBinance
import Foundation
import Testing

@Suite struct WebSocketAPILimitTests {
    @Test func aBannedClientGetsA418AnswerWithRetryAfterOnTheWebSocketAPI() async throws {
        let server = try await TestKeys.start()
        let socket = TestSocket(url: server.webSocketAPIURL)
        await server.inject([FakeFault(.ban, seconds: 30)])
        await socket.send(FakeJSON.string(["id": "p", "method": "ping"]))
        let answer = try #require(await socket.waitFor { $0.contains("\"id\":\"p\"") }.first.flatMap(FakeJSON.object))
        #expect(answer["status"] as? Int == 418)
        let error = answer["error"] as? [String: Any]
        #expect(error?["code"] as? Int == -1003)
        #expect(((error?["data"] as? [String: Any])?["retryAfter"] as? NSNumber)?.int64Value == TestKeys.startMs + 30_000)
        await socket.stop()
        await server.stop()
    }
}

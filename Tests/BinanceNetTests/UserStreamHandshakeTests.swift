import Binance
import BinanceNet
import Foundation
import Testing

@Suite struct UserStreamHandshakeTests {
    private func object(_ frame: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func hmacKeysSubscribeWithASignedRequest() {
        let credentials = BinanceCredentials(apiKey: "KEY", signer: RequestSigner(hmacSecret: "S"))
        let frames = UserStreamHandshake.requests(credentials: credentials, timestamp: 1_700_000_000_000, recvWindow: 5000)
        #expect(frames.count == 1)
        let request = object(frames[0])
        #expect(request["method"] as? String == "userDataStream.subscribe.signature")
        #expect(request["id"] as? String == UserStreamHandshake.subscribeID)
        let params = request["params"] as? [String: Any] ?? [:]
        #expect(params["apiKey"] as? String == "KEY")
        #expect((params["timestamp"] as? NSNumber)?.int64Value == 1_700_000_000_000)
        #expect(params["signature"] as? String
            == RequestSigner(hmacSecret: "S").signature(of: "apiKey=KEY&recvWindow=5000&timestamp=1700000000000"))
    }

    @Test func ed25519KeysLogOnThenSubscribeWithoutParameters() throws {
        let signer = try RequestSigner(ed25519PEM: SigningPEM.pem, source: "test")
        let frames = UserStreamHandshake.requests(credentials: BinanceCredentials(apiKey: "abc", signer: signer), timestamp: 1_499_827_319_559, recvWindow: 5000)
        #expect(frames.count == 2)
        let logon = object(frames[0])
        #expect(logon["method"] as? String == "session.logon")
        // The payload signed is apiKey=abc&recvWindow=5000&timestamp=1499827319559 (keys sorted), checked against openssl.
        #expect((logon["params"] as? [String: Any])?["signature"] as? String
            == "N6yD9Fh2qEJV5oKmipvTc9IWZO9HWUpa1VzkUHWFZNj9VRzeX/Dj2M+HnMC/Dqb/Owgz31LMbI2P064rti3wAA==")
        let subscribe = object(frames[1])
        #expect(subscribe["method"] as? String == "userDataStream.subscribe" && subscribe["params"] == nil)
        #expect(object(UserStreamHandshake.ping(sequence: 3))["method"] as? String == "ping")
    }
}

@Suite struct UserStreamSetupTests {
    @Test(.timeLimit(.minutes(1))) func aServerThatNeverAnswersTheUpgradeFailsWithinTheTimeout() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let configuration = BinanceGatewayConfiguration(
            restBaseURL: "http://unused", webSocketAPIURL: "ws://127.0.0.1:\(listener.port)/ws-api/v3", requestTimeout: .milliseconds(200))
        let transport = ScriptedTransport { _ in .json(#"{"serverTime": 5}"#) }
        let gateway = BinanceGateway(
            configuration: configuration, credentials: BinanceCredentials(apiKey: "K", signer: RequestSigner(hmacSecret: "S")), transport: transport,
            clock: ManualClock(5))
        let started = ContinuousClock.now
        do {
            _ = try await gateway.userEvents()
            Issue.record("subscribed to a silent server")
        } catch {
            #expect(error.kind == .unreachable)
            // The gateway's own limit (twice the request timeout) ended the wait, not WSClient's (15 s
            // and more): the message names it. A wall-clock bound alone failed on a starved CI machine.
            #expect(error.message.contains("did not come up within 0.4 seconds"), "\(error.message)")
        }
        // Only a guard against a hang: a loaded machine has taken 12 s to run the 0.4 s limit.
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}

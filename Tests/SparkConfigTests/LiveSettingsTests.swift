import Foundation
import Testing
@testable import SparkConfig

@Suite("spark.yaml's live section")
struct LiveSettingsTests {
    @Test("a live section sets the venue addresses, account tag and credentials file; none keeps Binance's defaults")
    func readsLive() throws {
        let root = Scratch.directory()
        try """
        spark: 1
        name: a
        live:
          account: desk7
          credentials: /secure/binance.yaml
          rest_url: http://127.0.0.1:9000
          ws_api_url: ws://127.0.0.1:9000/ws-api/v3
          stream_url: ws://127.0.0.1:9000
          recv_window_ms: 3000
          stop_on_foreign_orders: false
          balance_tolerance: 0.001
          request_timeout_ms: 30000

        """.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let live = try Project(root: root).settings.live
        #expect(live == LiveSettings(
            venue: "binance", account: "desk7", credentials: "/secure/binance.yaml", restURL: "http://127.0.0.1:9000",
            wsAPIURL: "ws://127.0.0.1:9000/ws-api/v3", streamURL: "ws://127.0.0.1:9000", recvWindowMs: 3_000, stopOnForeignOrders: false,
            balanceTolerance: 0.001, requestTimeoutMs: 30_000
        ))
        let bare = try Scratch.project(name: "b")
        #expect(try Project(root: bare).settings.live == LiveSettings())
    }

    @Test("bad live settings are refused with their place", arguments: [
        ("live: { account: a-b }", "3:18", "1 to 8 letters or digits"),
        ("live: { venue: kraken }", "3:16", "only binance"),
        ("live: { recv_window_ms: 90000 }", "3:25", "from 1 to 60000"),
        ("live: { rest_url: api.binance.com }", "3:19", "needs a scheme"),
        ("live: { stop_on_foreign_orders: maybe }", "3:33", "true or false"),
        ("live: { secret: x }", "3:", "unknown key 'secret'"),
        ("live: { request_timeout_ms: 5 }", "3:29", "from 100 to 120000"),
    ])
    func badLive(line: String, place: String, message: String) throws {
        let root = Scratch.directory()
        try "spark: 1\nname: a\n\(line)\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        #expect {
            try Project(root: root)
        } throws: { error in
            "\(error)".contains("spark.yaml:\(place)") && "\(error)".contains(message)
        }
    }
}

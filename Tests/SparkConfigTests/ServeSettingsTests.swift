import Foundation
import Testing
@testable import SparkConfig

@Suite("spark.yaml's serve section")
struct ServeSettingsTests {
    @Test("a serve section sets ports, limits and streams; none keeps loopback and the default ports")
    func readsServe() throws {
        let root = Scratch.directory()
        try """
        spark: 1
        name: a
        serve: { executor_port: 0, backtest_port: 5501, streams_port: 5601, control_skew_s: 10, backtest_workers: 2, restart_limit: 5, stream_symbols: [btcusdt, ETHUSDT], market_url: "http://127.0.0.1:9000" }

        """.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let serve = try Project(root: root).settings.serve
        #expect(serve.executorPort == 0 && serve.backtestPort == 5501 && serve.streamsPort == 5601)
        #expect(serve.controlSkewSeconds == 10 && serve.backtestWorkers == 2 && serve.restartLimit == 5)
        #expect(serve.streamSymbols == ["BTCUSDT", "ETHUSDT"] && serve.marketURL == "http://127.0.0.1:9000")
        let bare = try Project(root: try Scratch.project(name: "b")).settings.serve
        #expect(bare == ServeSettings() && bare.bind == "127.0.0.1" && bare.executorPort == 4001 && bare.backtestPort == 4501 && bare.streamsPort == 4601)
    }

    @Test("bad serve settings are refused with their place", arguments: [
        ("serve: { bind: 0.0.0.0 }", "3:16", "not a loopback address"),
        ("serve: { executor_port: 70000 }", "3:25", "from 0 to 65535"),
        ("serve: { control_skew_s: 0 }", "3:26", "from 1 to 300"),
        ("serve: { market_url: api.binance.com }", "3:22", "needs a scheme"),
        ("serve: { stream_symbols: [BTC-USDT] }", "3:26", "not an exchange symbol"),
        ("serve: { tls: true }", "3:", "unknown key 'tls'"),
        ("serve: { allow_insecure_bind: yes please }", "3:31", "true or false"),
    ])
    func badServe(line: String, place: String, message: String) throws {
        let root = Scratch.directory()
        try "spark: 1\nname: a\n\(line)\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        #expect {
            try Project(root: root)
        } throws: { error in
            "\(error)".contains("spark.yaml:\(place)") && "\(error)".contains(message)
        }
    }

    @Test("a public bind is accepted only with allow_insecure_bind: true")
    func insecureBindIsExplicit() throws {
        let root = Scratch.directory()
        try "spark: 1\nname: a\nserve: { bind: 0.0.0.0, allow_insecure_bind: true }\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let serve = try Project(root: root).settings.serve
        #expect(serve.bind == "0.0.0.0" && !serve.bindsLoopback && serve.allowInsecureBind)
    }
}

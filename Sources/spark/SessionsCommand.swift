import ArgumentParser
import Foundation

/// `spark sessions`: the executor's sessions, through its HTTP API.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Start, stop, list and inspect the sessions of a running spark serve executor.",
        discussion: """
        Each command talks to --server (the executor, e.g. http://127.0.0.1:4001). Starting and stopping are signed with --key: paper needs any registered key of the project, live a key with role risk or operator. A start the launch gate refuses fails with the gate's own message, as spark paper / spark live would.

        Example:
          spark sessions start --server http://127.0.0.1:4001 --key alice --strategy strategies/sma_cross.lua --symbol BTCUSDT --feed data/sample/BTCUSDT-1m-synthetic.csv --speed max
          spark sessions list --server http://127.0.0.1:4001
        """,
        subcommands: [List.self, Show.self, Start.self, Stop.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sessions (JSON).")
        @OptionGroup var remote: RemoteOptions
        func run() async throws { try await remote.call("GET", "/sessions") }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One session: state, process, journals, positions, PnL, open orders, recent decisions (JSON).")
        @Argument(help: "The session id.") var id: String
        @OptionGroup var remote: RemoteOptions
        func run() async throws { try await remote.call("GET", "/sessions/\(id)") }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a paper or live session in its own process (signed).")
        @Option(help: "paper or live.") var mode = "paper"
        @Option(help: ArgumentHelp("The strategy's Lua file, relative to the project.", valueName: "file")) var strategy: String
        @Option(help: "The symbol, e.g. BTCUSDT.") var symbol: String
        @Option(help: ArgumentHelp("Paper: a bar file of the project, or binance:SYMBOL.", valueName: "file|binance:SYMBOL")) var feed: String?
        @Option(name: .customLong("market-url"), help: ArgumentHelp("Paper on binance:SYMBOL: the exchange's address.", valueName: "url")) var marketURL: String?
        @Option(help: ArgumentHelp("A param set file of the project.", valueName: "file")) var params: String?
        @Option(help: ArgumentHelp("A guardrail policy of the project.", valueName: "file")) var policy: String?
        @Option(help: "Bar interval.") var interval: String?
        @Option(help: "Paper: feed speed, a multiple of real time or max.") var speed: String?
        @Option(help: "Stop after this many bars.") var bars: Int?
        @OptionGroup var remote: RemoteOptions

        func run() async throws {
            var body: [String: Any] = ["mode": mode, "strategy": strategy, "symbol": symbol]
            body["feed"] = feed
            body["market_url"] = marketURL
            body["params"] = params
            body["policy"] = policy
            body["interval"] = interval
            body["speed"] = speed
            body["bars"] = bars
            try await remote.call("POST", "/sessions", body: RemoteOptions.json(body))
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a session between bars; its journal closes cleanly (signed).")
        @Argument(help: "The session id.") var id: String
        @OptionGroup var remote: RemoteOptions
        func run() async throws { try await remote.call("POST", "/sessions/\(id)/stop") }
    }
}

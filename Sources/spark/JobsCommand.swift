import ArgumentParser
import Foundation

/// `spark jobs`: the backtest service's queue, through its HTTP API.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Submit backtests and sweeps to a running spark serve backtest service, and follow them.",
        discussion: """
        Each command talks to --server (the backtest service, e.g. http://127.0.0.1:4501). Submitting is signed with --key (any registered key of the project). Jobs wait in the service's store and survive its restart; each runs in its own process and writes an evidence directory (GET /jobs/ID lists its files).

        Example:
          spark jobs submit --server http://127.0.0.1:4501 --key alice --strategy strategies/sma_cross.lua --symbol BTCUSDT --data data/sample/BTCUSDT-1m-synthetic.csv
          spark jobs show 1 --server http://127.0.0.1:4501
        """,
        subcommands: [List.self, Show.self, Submit.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the jobs, newest first (JSON).")
        @OptionGroup var remote: RemoteOptions
        func run() async throws { try await remote.call("GET", "/jobs") }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One job: state, progress, evidence files (JSON).")
        @Argument(help: "The job id.") var id: Int
        @OptionGroup var remote: RemoteOptions
        func run() async throws { try await remote.call("GET", "/jobs/\(id)") }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "Queue a backtest (--strategy, --symbol, --data or --db) or a sweep (--sweep SPEC) (signed).")
        @Option(help: ArgumentHelp("A sweep spec of the project (instead of a backtest).", valueName: "file")) var sweep: String?
        @Option(help: ArgumentHelp("The strategy's Lua file, relative to the project.", valueName: "file")) var strategy: String?
        @Option(help: "The symbol, e.g. BTCUSDT.") var symbol: String?
        @Option(help: ArgumentHelp("A CSV bar file of the project.", valueName: "file")) var data: String?
        @Option(help: ArgumentHelp("A bar store of the project.", valueName: "file")) var db: String?
        @Option(help: "First bar time.") var from: String?
        @Option(help: "Last bar time.") var to: String?
        @Option(help: ArgumentHelp("A param set file of the project.", valueName: "file")) var params: String?
        @OptionGroup var remote: RemoteOptions

        func run() async throws {
            var body: [String: Any] = ["kind": sweep == nil ? "backtest" : "sweep"]
            body["spec"] = sweep
            body["strategy"] = strategy
            body["symbol"] = symbol
            body["data"] = data
            body["db"] = db
            body["from"] = from
            body["to"] = to
            body["params"] = params
            try await remote.call("POST", "/jobs", body: RemoteOptions.json(body))
        }
    }
}

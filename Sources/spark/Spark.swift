import ArgumentParser

@main
struct Spark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark",
        abstract: "Run Lua trading strategies identically in backtest, paper and live.",
        discussion: """
        Start with `spark demo`. Then write a strategy (see docs/strategy-api.md), check it with
        `spark strategy check FILE`, backtest it with `spark backtest`, paper-trade it with
        `spark paper`, and prove a paper session reproduces with `spark replay JOURNAL`.
        """,
        version: "0.1.0",
        subcommands: [Backtest.self, Paper.self, Replay.self, StrategyCommand.self, DataCommand.self, Demo.self]
    )
}

import ArgumentParser

@main
struct Spark: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "spark",
        abstract: "Run Lua trading strategies identically in backtest, paper and live.",
        discussion: """
        Start with `spark demo`. Then write a strategy (see docs/strategy-api.md), check it with `spark strategy check FILE`, backtest it with `spark backtest`, paper-trade it with `spark paper` (on a recorded file, or on the live market with --feed binance:SYMBOL), trade it live with `spark live` (docs/live.md), prove a paper or live session reproduces with `spark replay JOURNAL`, and compare two runs (backtests, paper or live journals) with `spark diff A B`. Compare many variants with `spark sweep SPEC` (docs/lab.md); every result is evidence that `spark evidence verify` re-checks.

        Run it as services (an executor of supervised sessions, a backtest queue, market streams, Prometheus metrics) with `spark serve`; `spark sessions` and `spark jobs` are their signed clients (docs/serve.md).

        Every order passes a guardrail policy (`spark policy`); breakers, the kill switch and flattening a running session are `spark breaker`, `spark kill` and `spark flatten`; they act on the project (spark.yaml) they run in. Paper needs approved params, live the live quorum and approved policies: see `spark params --help` and docs/approvals.md.
        """,
        version: Spark.version,
        subcommands: [
            Backtest.self, Paper.self, Replay.self, DiffCommand.self, StrategyCommand.self, ParamsCommand.self, KeysCommand.self, PolicyCommand.self,
            DataCommand.self, SweepCommand.self, EvidenceCommand.self, BreakerCommand.self, KillCommand.self, FlattenCommand.self, AuditCommand.self, LiveTrading.self, ServeCommand.self,
            SessionsCommand.self, JobsCommand.self, Demo.self,
        ]
    )
}

import Drivers

enum LabReport {
    static func backtest(_ report: BacktestReport, directory: String, evidenceID: String) throws {}
    static func sweep(_ prepared: SweepJob.Prepared, leaderboard: Leaderboard, directory: String, evidenceID: String, ran: Int, reused: Int) throws {}
    static func walkForward(_ prepared: SweepJob.Prepared, windows: [WalkForwardWindow], directory: String, evidenceID: String) throws {}
}

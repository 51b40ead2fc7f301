import ArgumentParser

/// The cost flags every command that simulates fills takes: fees and slippage in basis points.
struct CostOptions: ParsableArguments {
    @Option(name: .customLong("fee-bps"), help: "Taker fee in basis points (also the maker fee unless --maker-fee-bps is given).")
    var feeBps: Double = 0

    @Option(name: .customLong("maker-fee-bps"), help: "Maker fee in basis points, for resting limit orders.")
    var makerFeeBps: Double?

    @Option(name: .customLong("slippage-bps"), help: "Adverse slippage on market and stop fills, in basis points.")
    var slippageBps: Double = 0

    /// The maker fee in force: the taker fee unless one was given.
    var makerBps: Double { makerFeeBps ?? feeBps }

    func validate() throws {
        for (name, value) in [("--fee-bps", feeBps), ("--slippage-bps", slippageBps), ("--maker-fee-bps", makerFeeBps ?? 0)] {
            guard value.isFinite, value >= 0, value < 10_000 else { throw ValidationError("\(name) must be between 0 and 10000") }
        }
    }
}

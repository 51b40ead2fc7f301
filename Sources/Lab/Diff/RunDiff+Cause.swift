extension RunDiff {
    /// What a change to each setting moves, in words.
    static func effect(of setting: String) -> String {
        switch setting {
        case "fill_model.maker_fee_bps", "fill_model.taker_fee_bps":
            "a fee change moves fees and PnL, not which orders exist nor fill prices or times"
        case "fill_model.market_fill":
            "the market fill rule (next bar's open or this bar's close) moves market fills' times and prices"
        case "fill_model.intrabar":
            "the intra-bar path decides which of a stop and a target touched in one bar fills: it moves fill prices and times"
        case "fill_model.latency_bars":
            "latency delays when an order reaches the book: fill times and prices move"
        case "fill_model.volume_share":
            "the volume cap splits fills over bars: fill quantities and times move"
        case "fill_model.slippage_bps", "fill_model.slippage_ticks":
            "slippage moves market and stop fill prices, not their times"
        case "strategy.sha256":
            "a different strategy source changes which orders exist"
        case "policy.sha256":
            "a different guardrail policy admits or rejects different orders"
        case "data_sha256", "symbol", "interval":
            "different data changes everything from the first differing bar"
        case "initial_cash":
            "different cash changes what the cash check admits and what equity-sized orders ask for"
        case "instrument", "instruments_sha256":
            "a different instrument rounds prices and quantities to another grid"
        default:
            setting.hasPrefix("params.") ? "a param change changes which orders the strategy sends" : "\(setting) differs"
        }
    }

    /// The settings that usually move the field a divergence shows, most likely first.
    static func suspects(for divergence: Divergence) -> [String] {
        let fees = ["fill_model.taker_fee_bps", "fill_model.maker_fee_bps"]
        let rules = ["fill_model.market_fill", "fill_model.latency_bars", "fill_model.intrabar", "fill_model.volume_share"]
        let prices = ["fill_model.slippage_bps", "fill_model.slippage_ticks", "instrument", "instruments_sha256"]
        let orders = ["data_sha256", "symbol", "interval", "strategy.sha256", "params.*", "policy.sha256", "initial_cash"]
        let fields = Set(divergence.changes.map(\.name))
        switch divergence.stream {
        case "bar": return ["data_sha256", "symbol", "interval"]
        case "order":
            let policyFirst = fields.contains("kind") || fields.contains("rule")
            return (policyFirst ? ["policy.sha256"] : []) + orders + rules + prices + fees
        case "equity": return ["data_sha256", "initial_cash"] + fees + rules + prices + orders
        default: break
        }
        if fields == ["fee"] {
            // The fee that applied is the one the fill's liquidity names.
            let maker = (divergence.a + divergence.b).contains("liquidity=maker")
            return (maker ? fees.reversed() : fees) + prices + ["data_sha256"]
        }
        if fields.contains("exists") || fields.contains("time") || fields.contains("order") { return rules + ["data_sha256"] + orders + prices + fees }
        if fields.contains("qty") { return ["fill_model.volume_share", "instrument", "instruments_sha256"] + orders + rules }
        if fields.contains("liquidity") { return ["fill_model.intrabar", "fill_model.market_fill"] + rules + fees }
        return prices + rules + ["data_sha256"] + orders + fees
    }

    /// The differing setting that most likely explains `divergence`, with what it moves.
    static func cause(_ divergence: Divergence?, settings: [Change], a: RunRecord, b: RunRecord) -> Cause? {
        let differing = settings.map(\.name)
        guard let divergence else {
            guard let first = differing.first else { return nil }
            return Cause(setting: first, explanation: "\(first) differs, yet every order and fill agrees: \(effect(of: first)), and these runs never reached a case where it mattered")
        }
        let names = divergence.changes.map(\.name)
        let fields = names.joined(separator: ", ") + (names.count == 1 ? " differs" : " differ")
        let stream = divergence.stream == "order" || divergence.stream == "equity" ? "an \(divergence.stream)" : "a \(divergence.stream)"
        for suspect in suspects(for: divergence) {
            let match = suspect == "params.*" ? differing.first { $0.hasPrefix("params.") } : differing.first { $0 == suspect }
            if let match {
                let others = differing.count > 1 ? " (\(differing.count - 1) other setting\(differing.count == 2 ? "" : "s") also differ\(differing.count == 2 ? "s" : ""); see below)" : ""
                return Cause(setting: match, explanation: "\(match): \(effect(of: match)); the first divergence is \(stream) whose \(fields)\(others)")
            }
        }
        if let first = differing.first {
            return Cause(setting: first, explanation: "\(first) differs; none of the settings that usually move what differs in \(stream) (\(names.joined(separator: ", "))) does: \(effect(of: first))")
        }
        if divergence.changes.map(\.name) == ["exists"], (divergence.a + divergence.b).contains("origin=close_out") {
            return Cause(
                setting: nil,
                explanation: "no recorded setting differs: the extra order is the backtest's end-of-run close-out (origin close_out), which a paper session does not make; everything before it agrees"
            )
        }
        if (a.kind == .live || b.kind == .live), divergence.changes.map(\.name) == ["time"] {
            return Cause(
                setting: nil,
                explanation: "only the fill's time differs: the exchange stamps a fill with its transaction time, a backtest with the bar's; side, quantity, price and fee agree"
            )
        }
        if a.kind != b.kind {
            let session = a.kind == .live || b.kind == .live ? "live" : "paper"
            return Cause(
                setting: nil,
                explanation: "no recorded setting differs: the backtest and the \(session) session ran the same strategy, params, policy, fills and bars; look at what only one of them did (the backtest closes what is open at the end of its data, a \(session) session may stop early, an operator may have acted)"
            )
        }
        return Cause(setting: nil, explanation: "no recorded setting differs: the runs had the same inputs yet parted (an operator action, a halted strategy, or a build that changed the engine)")
    }
}

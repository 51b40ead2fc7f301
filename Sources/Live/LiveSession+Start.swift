import Foundation
public import Audit
public import Binance
import Desk
import SparkConfig
import SparkCore

extension LiveSession {
    /// Starts a live session: syncs the clock, reads the symbol's rules, adopts the account at the
    /// first start (or, with `previous`, rebuilds the state its journal chain recorded), then
    /// reconciles before any order. The journal at `journalPath` must not exist.
    public static func start(
        _ setup: LiveSetup, gateway: any ExchangeGateway, clock: any LiveClock = SystemLiveClock(), journalPath: String,
        sink: (any LiveJournalSink)? = nil, previous: String? = nil, audit: AuditLog? = nil, log: @escaping @Sendable (String) -> Void
    ) async throws -> LiveSession {
        let server: Int64
        let info: ExchangeInfo
        do {
            server = try await gateway.serverTime()
            info = try await gateway.exchangeInfo(symbols: [setup.config.symbol])
        } catch {
            throw LiveError(.gateway, "cannot start: \(error.description)", at: "exchange")
        }
        let local = clock.now()
        guard let rules = info.rules(for: setup.config.symbol) else {
            throw LiveError(.setup, "the exchange does not list \(setup.config.symbol)", at: "exchangeInfo")
        }
        var account: AccountSnapshot?
        let machine: LiveMachine
        if let previous {
            machine = try resume(previous, setup: setup, journalPath: journalPath, sink: sink, startedAt: server, log: log)
        } else {
            do {
                account = try await gateway.account()
            } catch {
                throw LiveError(.gateway, "cannot read the account: \(error.description)", at: "account")
            }
            let quote = account!.balance(rules.quoteAsset)
            let cash = NSDecimalNumber(decimal: (DecimalText.value(quote.free) ?? 0) + (DecimalText.value(quote.locked) ?? 0)).doubleValue
            let header = try makeHeader(setup, rules: rules, cash: cash, startedAt: server)
            let journal = LiveJournal(path: journalPath, sink: try sink ?? FileJournalSink(path: journalPath), header: header)
            machine = try LiveMachine(header: header, journal: journal, gate: setup.gate, log: log)
        }
        let session = LiveSession(machine: machine, gateway: gateway, clock: clock, audit: audit, actor: setup.actor, log: log)
        await session.submit(.serverTime(server: server, local: local))
        if let account { await session.submit(.adopt(account: account)) }
        await session.reconcileNow()
        return session
    }

    private static func makeHeader(_ setup: LiveSetup, rules: SymbolRules, cash: Double, startedAt: Int64) throws -> LiveHeader {
        let policy = try setup.policyPath.map { path throws(ConfigError) in try PolicyFile.load(path: path) }
        let sha = LiveHash.hex(Data(setup.strategySource.utf8))
        return LiveHeader(
            version: LiveHeader.currentVersion, session: String(LiveHash.hex(Data("\(sha)|\(setup.config.account)|\(startedAt)".utf8)).prefix(12)),
            startedAt: startedAt, config: setup.config, strategyPath: setup.strategyPath, strategySource: setup.strategySource, strategySHA256: sha,
            params: setup.params.mapValues(\.description), paramsSHA256: "", instrument: LiveInstrument(setup.instrument), policyPath: setup.policyPath,
            policyText: policy?.text, policyLua: policy?.policy.luaSources ?? [:], policySHA256: policy?.sha256, rules: rules, cash: cash
        )
    }

    /// Rebuilds the state of the journal chain ending at `previous`, then continues in a new journal.
    private static func resume(
        _ previous: String, setup: LiveSetup, journalPath: String, sink: (any LiveJournalSink)?, startedAt: Int64, log: @escaping @Sendable (String) -> Void
    ) throws -> LiveMachine {
        let chain = try LiveChain.read(path: previous)
        let scratch = LiveJournal(path: previous, sink: MemoryJournalSink(), header: chain.first)
        let machine = try LiveMachine(header: chain.first, journal: scratch, gate: setup.gate, log: log)
        for (input, time) in chain.inputs { machine.apply(input, time: time) }
        var header = chain.last
        header.previous = previous
        header.previousSHA256 = FileManager.default.contents(atPath: previous).map(LiveHash.hex)
        header.startedAt = startedAt
        machine.attach(LiveJournal(path: journalPath, sink: try sink ?? FileJournalSink(path: journalPath), header: header))
        log("resumed from \(previous): \(chain.inputs.count) inputs replayed, \(machine.venue.openOrders.count) order(s) still open")
        return machine
    }
}

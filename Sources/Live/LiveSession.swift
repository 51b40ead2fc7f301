import Foundation
import Audit
public import Binance
import Session
import SparkCore

/// A live trading session: one sequencer that journals every input, then applies it, and makes the
/// gateway calls the venue asks for, journaling each answer as the next input.
///
/// The actor is the sequencer: an input that arrives while another is being handled (a stream
/// event during a gateway call) waits in the inbox and is applied after it, in arrival order.
public actor LiveSession {
    let machine: LiveMachine
    let gateway: any ExchangeGateway
    let clock: any LiveClock
    let audit: AuditLog?
    let actorName: String
    let log: @Sendable (String) -> Void
    private var inbox: [LiveInput] = []
    private var busy = false
    var subscribed = false
    var streamTask: Task<Void, Never>?
    /// Which user-stream subscription is current; events of an older one are dropped.
    var streamGeneration = 0
    var lastSync: Int64
    /// Requests held back by a Retry-After or ban window, sent on a later tick.
    var waiting: [GatewayRequest] = []
    /// The kill-switch level last written to the audit log.
    private var auditedLevel = 0

    init(machine: LiveMachine, gateway: any ExchangeGateway, clock: any LiveClock, audit: AuditLog?, actor: String, log: @escaping @Sendable (String) -> Void) {
        self.machine = machine
        self.gateway = gateway
        self.clock = clock
        self.audit = audit
        self.actorName = actor
        self.log = log
        lastSync = clock.now()
    }

    /// The exchange's time as this session estimates it (local clock + measured offset).
    func exchangeNow() -> Int64 { clock.now() + machine.venue.clockOffset }

    /// Hands one input to the sequencer; returns once it (and whatever was queued behind it) is applied,
    /// or at once when another call is already applying inputs.
    public func submit(_ input: LiveInput) async {
        inbox.append(input)
        await drain()
    }

    /// Reconciles now (start-up), in the sequencer's turn.
    func reconcileNow() async {
        guard !busy else { return }
        busy = true
        await reconcile()
        await perform()
        auditTrips()
        busy = false
        await drain()
    }

    private func drain() async {
        guard !busy else { return }
        busy = true
        while !inbox.isEmpty {
            let next = inbox.removeFirst()
            if case .stream(.disconnected) = next { subscribed = false }
            if case .control(let control) = next { auditControl(control) }
            machine.consume(next, time: exchangeNow())
            await perform()
            auditTrips()
        }
        busy = false
    }

    /// A closed bar from the feed.
    public func bar(_ bar: LiveBar) async { await submit(.bar(bar)) }

    /// A user-data stream event (the stream forwarder calls this; tests may too).
    public func deliver(_ event: UserStreamEvent) async { await submit(.stream(StreamRecord(event))) }

    /// An operator command: kill (level 1 or 2), release, flatten.
    public func control(_ control: LiveControl) async { await submit(.control(control)) }

    /// The injected clock's tick: re-syncs the clock every minute, runs the timers and sends held requests.
    public func tick() async {
        let now = exchangeNow()
        if clock.now() - lastSync >= 60_000 {
            lastSync = clock.now()
            if let server = try? await gateway.serverTime() { await submit(.serverTime(server: server, local: clock.now())) }
        }
        await submit(.timer(time: now))
    }

    /// Runs until `bars` ends: bars, operator controls and clock ticks go through the one sequencer.
    /// Open orders stay open at the end (spot has no cancel-on-disconnect; a restart reconciles them).
    public func run(bars: any LiveBarSource, controls: AsyncStream<LiveControl>? = nil, ticks: AsyncStream<Void>? = nil) async throws -> LiveStatus {
        let controlTask = controls.map { stream in Task { for await control in stream { await self.control(control) } } }
        let tickTask = ticks.map { stream in Task { for await _ in stream { await self.tick() } } }
        defer {
            controlTask?.cancel()
            tickTask?.cancel()
        }
        while let bar = try await bars.next() { await self.bar(bar) }
        finish(reason: "the bar source ended")
        return status
    }

    /// Journals a note for people and audits (a refused policy change, say); not an input, so a
    /// replay neither needs nor repeats it.
    public func note(_ text: String) {
        machine.journal.note(text, time: exchangeNow())
    }

    /// Writes the end record; orders left open stay open on the exchange.
    public func finish(reason: String) {
        let open = machine.venue.openOrders.count
        machine.journal.end("\(reason); \(open) order(s) left open on the exchange", time: exchangeNow())
        streamTask?.cancel()
    }

    /// The session's state now.
    public var status: LiveStatus {
        let venue = machine.venue
        return LiveStatus(
            killLevel: venue.killLevel, killReason: venue.killReason, blocked: venue.openingBlocked, killVerified: venue.killVerified,
            orders: venue.orders.mapValues(\.state), venuePosition: venue.position, enginePosition: machine.kernel.engine.portfolio.positions[0],
            duplicateTrades: venue.duplicateTrades, bookedTrades: venue.seenTrades, journalFailure: machine.journal.failure?.message,
            clockOffsetMs: venue.clockOffset, otherFees: venue.otherFees.mapValues(DecimalText.text),
            expectedBalances: venue.expectedBalances.mapValues(DecimalText.text)
        )
    }

    /// Audits a kill-switch level a breaker raised (operator commands are audited as they arrive).
    private func auditTrips() {
        let venue = machine.venue
        defer { auditedLevel = venue.killLevel }
        guard venue.killLevel > auditedLevel, let audit else { return }
        do {
            _ = try audit.append(
                kind: "live.kill", actor: actorName, subject: machine.header.session,
                details: ["level": "\(venue.killLevel)", "reason": venue.killReason ?? ""], at: Date(timeIntervalSince1970: Double(clock.now()) / 1000)
            )
        } catch {
            log("cannot append to the audit log: \(error.message)")
        }
    }

    private func auditControl(_ control: LiveControl) {
        guard let audit else { return }
        let (kind, details): (String, [String: String]) = switch control {
        case .kill(let level, let by, let reason): ("live.kill", ["level": "\(level)", "by": by, "reason": reason])
        case .release(let by, let reason): ("live.kill_release", ["by": by, "reason": reason])
        case .flatten(let by, let reason): ("live.flatten", ["by": by, "reason": reason])
        case .adoptPolicy(let policy, let by): ("live.policy_adopted", ["by": by, "path": policy.path, "sha256": policy.sha256])
        }
        do {
            _ = try audit.append(kind: kind, actor: actorName, subject: machine.header.session, details: details, at: Date(timeIntervalSince1970: Double(clock.now()) / 1000))
        } catch {
            log("cannot append to the audit log: \(error.message)")
        }
    }
}

import Foundation
import Binance
import Drivers
import Engine
import LuaRuntime
import Session
import SparkCore

/// The deterministic half of a live session: the kernel and the live venue, fed journaled inputs.
///
/// The session and the replay both drive it: `consume` journals an input and applies it; the
/// replay applies the journal's inputs in the same order and gets the same intents and decisions.
///
/// Unchecked: it is built on one task and handed once to the ``LiveSession`` actor that alone uses
/// it afterwards (a replay keeps it on its own task).
final class LiveMachine: @unchecked Sendable {
    let kernel: SessionKernel
    let venue: LiveVenue
    private(set) var journal: LiveJournal
    let header: LiveHeader
    /// The hash of the guardrail policy in force, written into every intent.
    private let policyInForce: PolicyInForce

    /// Builds the kernel from `header` (the strategy source and policy text it recorded).
    init(header: LiveHeader, journal: LiveJournal, gate: LaunchCheck?, log: @escaping (String) -> Void) throws {
        self.header = header
        self.journal = journal
        let setup = try RunSetup.prepare(
            gate: gate, strategyPath: header.strategyPath, source: header.strategySource, paramsPath: nil,
            overrides: header.params.mapValues(ParamValue.parse), symbol: header.config.symbol, instrumentsPath: nil,
            instrument: header.instrument.instrument, limits: LuaLimits(), seed: 1
        )
        let policyInForce = PolicyInForce(header.policySHA256 ?? "")
        self.policyInForce = policyInForce
        let venue = LiveVenue(
            config: header.config, rules: header.rules, instrument: header.instrument.instrument, journal: journal, paramsHash: setup.paramsSHA256,
            policyHash: { policyInForce.sha256 }
        )
        self.venue = venue
        var spec = SessionSpec(
            mode: .live, setup: setup, cash: header.cash, fillModel: FillModel(),
            policy: header.policyText.map {
                .recorded(path: header.policyPath ?? "policy", text: $0, luaSources: header.policyLua, sha256: header.policySHA256, journal: journal.path)
            },
            logLimits: .session
        )
        spec.venue = { _, _ in venue }
        kernel = try SessionKernel(spec, guardLog: log)
        kernel.engine.log = { level, message in if level >= .info { log("[\(level.rawValue)] \(message)") } }
    }

    /// Journals `input`, applies it, and has it durable before anything it causes leaves the process.
    ///
    /// Responses, stream events, timers and controls are fsynced before they are applied. A bar's line
    /// is written, applied, then made durable by its intent's fsync when it ordered (one fsync on the
    /// path from bar to request, not two) or by its own right after; the calls it asked for are made
    /// after this returns. A crash before that fsync loses the bar with the process that applied it,
    /// and nothing was sent because of it.
    func consume(_ input: LiveInput, time: Int64) {
        if case .bar = input {
            journal.input(input, time: time, durable: false)
            apply(input, time: time)
            journal.synchronizeInput()
        } else {
            journal.input(input, time: time)
            apply(input, time: time)
        }
    }

    /// Applies `input` at exchange time `time`, then journals the notes and decisions it caused.
    func apply(_ input: LiveInput, time: Int64) {
        venue.now = time
        switch input {
        case .bar(let bar):
            kernel.step(bar.bar)
        case .control(let control):
            self.control(control)
        default:
            venue.apply(input)
            kernel.pumpVenue()
        }
        if let failure = journal.failure, venue.killLevel == 0 { venue.trip(1, "journal write failure: \(failure.message)") }
        for note in venue.takeNotes() { journal.note(note, time: time) }
        for decision in kernel.engine.takeDecisions() { journal.decision(DecisionRecord(decision).json) }
    }

    private func control(_ control: LiveControl) {
        switch control {
        case .kill(let level, let by, let reason):
            venue.trip(min(2, max(1, level)), "\(reason) (by \(by))")
            if kernel.guardrails != nil { try? kernel.apply(.control(.kill(on: true, reason: reason))) }
            kernel.pumpVenue()
        case .release(let by, let reason):
            if venue.killLevel > 0 { venue.notes.append("kill switch released by \(by): \(reason)") }
            venue.killLevel = 0
            venue.killReason = nil
            if kernel.guardrails != nil { try? kernel.apply(.control(.kill(on: false, reason: reason))) }
        case .flatten(let by, let reason):
            venue.notes.append("flatten by \(by): \(reason)")
            try? kernel.apply(.control(.flatten(by: by, reason: reason)))
        case .adoptPolicy(let policy, let by):
            do {
                try kernel.replacePolicy(with: .recorded(path: policy.path, text: policy.text, luaSources: policy.lua, sha256: policy.sha256, journal: journal.path))
                policyInForce.sha256 = policy.sha256
                venue.notes.append("guardrail policy \(policy.sha256.prefix(12)) takes over (cleared for live, by \(by))")
            } catch {
                venue.notes.append("guardrail policy \(policy.sha256.prefix(12)) refused; the one in force stays: \(error)")
            }
        }
    }

    /// Continues on `journal` after a restart's catch-up: what the catch-up asked for is dropped
    /// (it was asked, and answered, in the earlier journal).
    func attach(_ journal: LiveJournal) {
        _ = venue.takeRequests()
        _ = venue.takeNotes()
        _ = kernel.engine.takeDecisions()
        self.journal = journal
        venue.journal = journal
    }
}


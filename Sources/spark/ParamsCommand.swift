import ArgumentParser
import Approvals
import Drivers
import Foundation
import Audit
import Desk
import Workflow

/// `--env paper|live`.
enum EnvironmentFlag: String, ExpressibleByArgument, CaseIterable {
    case paper, live

    var environment: DeploymentEnvironment { DeploymentEnvironment(rawValue: rawValue)! }
}

extension Spark {
    struct ParamsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "params",
            abstract: "Diff param sets, propose changes, approve them, and promote them from paper to live.",
            discussion: """
            Paper and live refuse to start on params whose exact canonical hash lacks a valid quorum (see policies/approval.yaml and docs/approvals.md).

            Examples:
              spark params diff params/sma_cross/default.yaml params/sma_cross/fast.yaml
              spark params propose params/sma_cross/fast.yaml --env paper --symbols BTCUSDT --reason "faster entry" --key alice
              spark params approve sma_cross-paper-1 --key bob
              spark params status
              spark params promote sma_cross-paper-1 --reason "30 days in paper" --key alice
            """,
            subcommands: [Diff.self, Propose.self, Approve.self, Status.self, Promote.self]
        )

        struct Diff: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "diff", 
                abstract: "Show what changes between two param sets: keys added, removed and changed, with relative change.",
                discussion: "Both files are resolved against the strategy's schema, so reordered keys and 0.020 vs 0.02 are no change."
            )

            @Argument(help: ArgumentHelp("The old param set.", valueName: "a"))
            var old: String

            @Argument(help: ArgumentHelp("The new param set.", valueName: "b"))
            var new: String

            @Option(name: .long, help: ArgumentHelp("The strategy file (default: strategies/<strategy>.lua).", valueName: "file"))
            var strategy: String?

            @Flag(name: .long, help: "Print one JSON object instead of text.")
            var json = false

            func run() throws {
                print(try CLI.guarded { try ParamsWorkflow().diff(old, new, strategyPath: strategy, json: json) })
            }
        }

        struct Propose: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "propose", 
                abstract: "Propose a param set for paper or live, signed by your key, with a backtest of old and new values as evidence.",
                discussion: "A live proposal also needs the paper record the policy asks for (read from --journals)."
            )

            @Argument(help: ArgumentHelp("The param set file.", valueName: "file"))
            var file: String

            @Option(name: .long, help: "The environment: paper or live.")
            var env: EnvironmentFlag

            @Option(name: .long, help: "Why the change is made; approvers read it.")
            var reason: String

            @Option(name: .long, help: ArgumentHelp("Your private key: a path, a key id, your name, or a file name in the key directory.", valueName: "key"))
            var key: String

            @Option(name: .long, help: ArgumentHelp("The strategy file (default: strategies/<strategy>.lua).", valueName: "file"))
            var strategy: String?

            @Option(name: .long, help: ArgumentHelp("Bars (CSV) for the evidence backtest.", valueName: "file"))
            var data = "data/sample/BTCUSDT-1m-synthetic.csv"

            @Option(name: .long, help: ArgumentHelp("The symbol of the evidence data.", valueName: "symbol"))
            var symbol = "BTCUSDT"

            @Flag(name: .customLong("no-evidence"), help: "Skip the evidence backtest (approvers will see no metrics).")
            var noEvidence = false

            @OptionGroup var scope: ScopeOptions

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                let signer = try location.key(key)
                let evidence = noEvidence ? nil : ParamsWorkflow.EvidenceData(
                    csvPath: data, symbol: symbol, instrumentsPath: FileManager.default.fileExists(atPath: "data/instruments.yaml") ? "data/instruments.yaml" : nil
                )
                let symbols = try scope.symbolList()
                let policyHash = env.environment == .live ? try scope.guardrailPolicy(in: workflow) : ""
                let statement = try CLI.guarded {
                    try workflow.propose(
                        file: file, strategyPath: strategy, environment: env.environment, symbols: symbols, guardrailPolicy: policyHash,
                        reason: reason, key: signer, evidence: evidence, now: CLI.now(), log: CLI.warn
                    )
                }
                print("proposal \(statement.proposal): \(statement.subject) for \(statement.environment.rawValue), \(statement.baseHash.prefix(12)) → \(statement.newHash.prefix(12))")
                print("written to \(workflow.store.proposalDirectory(statement.proposal))/; approvers sign with: spark params approve \(statement.proposal) --key KEY")
            }
        }

        struct Approve: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "approve", 
                abstract: "Sign a proposal's typed statement (proposal id, hashes, environment, expiry) with your key.",
                discussion: "Read the proposal first (approvals/proposals/ID/proposal.yaml). The proposer cannot approve their own change."
            )

            @Argument(help: ArgumentHelp("The proposal id, e.g. sma_cross-paper-1.", valueName: "proposal"))
            var proposal: String

            @Option(name: .long, help: ArgumentHelp("Your private key: a path, a key id, your name, or a file name in the key directory.", valueName: "key"))
            var key: String

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                let signer = try location.key(key)
                let now = CLI.now()
                // The approver sees what is in force and what changes before anything is signed.
                print(try CLI.guarded { try workflow.approvalPreview(proposal, now: now) })
                let review = try CLI.guarded {
                    try workflow.store.approve(proposal, key: signer, policy: try workflow.policy(), now: now)
                }
                print("signed \(proposal) with key \(signer.id)")
                print(review.isApproved ? "\(proposal) is approved" : "still missing: " + (review.missing + review.problems).joined(separator: "; "))
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "status", abstract: "Show each proposal: who signed, whose signature was refused and why, and what is missing.")

            @Argument(help: ArgumentHelp("Only this proposal.", valueName: "proposal"))
            var proposal: String?

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                print(try CLI.guarded { try workflow.status(proposal: proposal, now: CLI.now()) })
            }
        }

        struct Promote: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "promote", 
                abstract: "Propose an approved paper change for live, once its paper record meets the policy.",
                discussion: "The paper record counts the sessions the runtime log recorded that ran exactly this param set, strategy and guardrail policy (--policy) on a live market feed in real time, and replay identically."
            )

            @Argument(help: ArgumentHelp("The approved paper proposal id.", valueName: "proposal"))
            var proposal: String

            @Option(name: .long, help: "Why it should go live; approvers read it.")
            var reason: String

            @Option(name: .long, help: ArgumentHelp("Your private key: a path, a key id, your name, or a file name in the key directory.", valueName: "key"))
            var key: String

            @OptionGroup var scope: ScopeOptions

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                let signer = try location.key(key)
                let symbols = try scope.symbolList()
                let policyHash = try scope.guardrailPolicy(in: workflow)
                let statement = try CLI.guarded {
                    try workflow.promote(proposal: proposal, symbols: symbols, guardrailPolicy: policyHash, reason: reason, key: signer, now: CLI.now(), log: CLI.warn)
                }
                print("proposal \(statement.proposal): \(statement.subject) for live, \(statement.newHash.prefix(12)); approvers sign with: spark params approve \(statement.proposal) --key KEY")
            }
        }
    }

    struct PolicyPropose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose",
            abstract: "Propose the current content of a policy file, bound to its hash.",
            discussion: "Example:\n  spark policy propose policies/approval.yaml --reason \"live needs two approvers\" --key alice\nApprove it with spark params approve ID --key KEY."
        )

        @Argument(help: ArgumentHelp("The policy file, e.g. policies/approval.yaml.", valueName: "file"))
        var file: String

        @Option(name: .long, help: "Why the policy changes.")
        var reason: String

        @Option(name: .long, help: ArgumentHelp("Your private key: a path, a key id, your name, or a file name in the key directory.", valueName: "key"))
        var key: String

        @OptionGroup var location: ApprovalsLocation

        func run() throws {
            let workflow = try location.workflow()
            let signer = try location.key(key)
            let statement = try CLI.guarded { try workflow.proposePolicy(file: file, reason: reason, key: signer, now: CLI.now(), policyHash: PolicyFile.identity) }
            print("proposal \(statement.proposal): policy \(statement.subject) \(statement.newHash.prefix(12)); approvers sign with: spark params approve \(statement.proposal) --key KEY")
        }
    }

    struct AuditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check and join the hash-chained logs: approvals/audit.log (acts by people) and the runtime log in the state directory.",
            subcommands: [Verify.self, Merge.self]
        )

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "verify", 
                abstract: "Verify both logs and this host's anchor; name the first edited, removed, reordered or truncated entry.",
                discussion: "Exit 0 when both chains verify and the tracked log extends the anchored entry, 1 otherwise."
            )

            @Option(name: .long, help: ArgumentHelp("Verify only this log file (no anchor).", valueName: "file"))
            var log: String?

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                if let log {
                    let entries = try CLI.guarded { try Audit.AuditLog(path: log).verify() }
                    print("\(log): \(entries.count) entries, chain intact\(entries.last.map { ", head \($0.hash.prefix(12))" } ?? "")")
                    return
                }
                let logs = try location.workflow().store.logs
                let tracked = try CLI.guarded { try logs.checkedTracked() }
                print("\(logs.tracked.path): \(tracked.count) entries, chain intact, extends the anchor\(tracked.last.map { ", head \($0.hash.prefix(12))" } ?? "")")
                let runtime = try CLI.guarded { try logs.checkedRuntime() }
                print("\(logs.runtime.path): \(runtime.count) entries, chain intact")
            }
        }

        struct Merge: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "merge", 
                abstract: "Join another clone's approvals/audit.log onto this one, re-verifying every signed entry.",
                discussion: """
                Merge keys.yaml and approvals/proposals/ first (git does that without conflicts), keep this side's audit.log and head, then:
                  git show MERGE_HEAD:approvals/audit.log > /tmp/theirs.log
                  spark audit merge /tmp/theirs.log
                The shared entries stay, this clone's follow unchanged, the other clone's are chained after them, and a log.merge entry names both heads so both hosts' anchors accept the result.
                """
            )

            @Argument(help: ArgumentHelp("The other clone's audit.log.", valueName: "file"))
            var theirs: String

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let store = try location.workflow().store
                let added = try CLI.guarded { try store.mergeLog(theirs: theirs, actor: CLI.user, now: CLI.now()) }
                print("joined \(added) entries from \(theirs) into \(store.auditLog.path); every signed entry verified")
            }
        }
    }
}

import Foundation
import Testing
@testable import Approvals
import Audit
@testable import Drivers

/// The approvals-and-audit attacks of issue 12, run against the `spark` binary in temporary projects
/// (`SPARK_BIN` points them at another build). docs/approvals.md maps each to its control.
@Suite("Approval attacks against the spark binary")
struct ApprovalAttackTests {
    /// Appends a hand-written key to keys.yaml, as an attacker with write access would.
    static func handAddKey(_ desk: CLIDesk, bytes: [UInt8], owner: String = "mallory") throws {
        let key = Data(bytes)
        let text = try String(contentsOfFile: desk.keysPath, encoding: .utf8)
        try (text + "  - id: \(KeyRecord.id(for: key))\n    owner: \(owner)\n    roles: [risk]\n    public_key: \(key.base64EncodedString())\n    created: 2026-01-01T00:00:00.000Z\n")
            .write(toFile: desk.keysPath, atomically: true, encoding: .utf8)
    }

    static var identity: [UInt8] { [1] + [UInt8](repeating: 0, count: 31) }

    @Test("a small-order key and its no-private-key 'signature' are refused at the key's line", arguments: [
        ("identity point", [1] + [UInt8](repeating: 0, count: 31)),
        ("order 2 (y = p-1)", [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f]),
        ("order 4 (y = 0)", [UInt8](repeating: 0, count: 32)),
        ("non-canonical y = p+1", [0xee] + [UInt8](repeating: 0xff, count: 30) + [0x7f]),
    ])
    func smallOrderKey(name: String, bytes: [UInt8]) throws {
        let desk = try CLIDesk()
        let file = try desk.params(fast: 10)
        try desk.propose(file).expectSuccess()
        try Self.handAddKey(desk, bytes: bytes)
        // "R = identity, S = 0" verifies under the identity key for every message.
        let stored = try ApprovalStore(directory: desk.project.approvalsDirectory, stateDirectory: desk.project.stateDirectory).proposal("sma_cross-paper-1")
        let statement = try #require(stored.proposerEnvelope.flatMap { Statement.decode($0.payload) })
        let forged = Envelope(payloadType: Envelope.statementType, payload: statement.asApproval.canonical, signatures: [.init(keyID: KeyRecord.id(for: Data(bytes)), signature: Data(Self.identity + [UInt8](repeating: 0, count: 32)))])
        try FileManager.default.createDirectory(atPath: stored.directory + "/signatures", withIntermediateDirectories: true)
        try forged.json.write(toFile: stored.directory + "/signatures/forged.dsse.json", atomically: true, encoding: .utf8)
        let outcome = try desk.paper(file)
        #expect(outcome.refused("keys.yaml:"), "\(name): \(outcome.output)")
        #expect(outcome.output.contains("small order") || outcome.output.contains("non-canonical"), "\(name): \(outcome.output)")
        #expect(!outcome.output.contains("approved for paper"))
    }

    @Test("the same public key listed twice is refused at its second line")
    func duplicateKey() throws {
        let desk = try CLIDesk()
        let text = try String(contentsOfFile: desk.keysPath, encoding: .utf8)
        let bob = try #require(text.components(separatedBy: "  - id: ").first { $0.contains("owner: bob") })
        try (text + "  - id: " + bob.replacingOccurrences(of: "owner: bob", with: "owner: robert")).write(toFile: desk.keysPath, atomically: true, encoding: .utf8)
        let outcome = try desk.spark(["keys", "list"])
        #expect(outcome.refused("listed twice"), "\(outcome.output)")
    }

    @Test("a key added to keys.yaml by hand, not through spark keys new, cannot approve")
    func handAddedKey() throws {
        let desk = try CLIDesk()
        let file = try desk.params(fast: 10)
        try desk.propose(file).expectSuccess()
        let mallory = SigningKey(owner: "mallory")
        let keyDirectory = Paths.scratch("mallory")
        try mallory.save(in: keyDirectory)
        let text = try String(contentsOfFile: desk.keysPath, encoding: .utf8)
        try (text + "  - id: \(mallory.id)\n    owner: mallory\n    roles: [quant]\n    public_key: \(mallory.publicKey.base64EncodedString())\n    created: 2026-01-01T00:00:00.000Z\n")
            .write(toFile: desk.keysPath, atomically: true, encoding: .utf8)
        let approve = try SparkCLI.run(["params", "approve", "sma_cross-paper-1", "--key", "mallory"], in: desk.project.root, environment: ["SPARK_KEY_DIR": keyDirectory, "SPARK_NOW": CLIDesk.time(0)])
        #expect(approve.refused("never recorded it being added"), "\(approve.output)")
        #expect(try desk.paper(file).refused("1 more approver"))
    }

    @Test("a rolled-back keys.yaml does not revive a revoked key")
    func rolledBackKeys() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        try desk.paper(file, at: 10).expectSuccess()
        let before = try String(contentsOfFile: desk.keysPath, encoding: .utf8)
        let bob = try #require(before.components(separatedBy: "  - id: ").first { $0.contains("owner: bob") }?.prefix(16))
        try desk.spark(["keys", "revoke", String(bob), "--reason", "laptop lost"], at: 20).expectSuccess()
        try before.write(toFile: desk.keysPath, atomically: true, encoding: .utf8)
        let outcome = try desk.paper(file, at: 30)
        #expect(outcome.refused("revoked"), "\(outcome.output)")
        #expect(try desk.spark(["keys", "list"], at: 30).stdout.contains("REVOKED"))
    }

    @Test("deleting a newer proposal's folder does not revive the approval it superseded")
    func deletedProposalFolder() throws {
        let desk = try CLIDesk()
        let old = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        _ = try desk.approved(fast: 12, id: "sma_cross-paper-2", at: 10)
        #expect(try desk.paper(old, at: 20).refused("superseded by sma_cross-paper-2"))
        try FileManager.default.removeItem(atPath: desk.project.approvalsDirectory + "/proposals/sma_cross-paper-2")
        let outcome = try desk.paper(old, at: 30)
        #expect(outcome.refused("proposal sma_cross-paper-2, recorded at line"), "\(outcome.output)")
        #expect(!outcome.output.contains("approved for paper"))
        // A deleted signature file is the same attack one level down.
        try FileManager.default.removeItem(atPath: desk.project.approvalsDirectory + "/proposals/sma_cross-paper-1/signatures")
        #expect(try desk.paper(old, at: 40).refused("recorded at line"))
    }

    @Test("a log cut at its end (head rewritten too) is refused at start, and nothing re-chains over it")
    func cutLog() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        try desk.paper(file, at: 10).expectSuccess()
        let lines = try String(contentsOfFile: desk.auditLog, encoding: .utf8).split(separator: "\n")
        let kept = lines.dropLast()
        try (kept.joined(separator: "\n") + "\n").write(toFile: desk.auditLog, atomically: true, encoding: .utf8)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(kept.last!.utf8)) as? [String: Any])
        try "\(last["seq"]!) \(last["hash"]!)\n".write(toFile: desk.auditLog + ".head", atomically: true, encoding: .utf8)
        let paper = try desk.paper(file, at: 20)
        #expect(paper.refused("does not extend entry \(lines.count)"), "\(paper.output)")
        let propose = try desk.propose(try desk.params(fast: 14), at: 30)
        #expect(propose.refused("does not extend entry"), "appending never re-chains over the cut: \(propose.output)")
        #expect(try String(contentsOfFile: desk.auditLog, encoding: .utf8).split(separator: "\n").count == kept.count)
        #expect(try desk.spark(["audit", "verify"], at: 40).refused("cut, rewritten or rolled back"))
    }

    @Test("an edited tracked or runtime log entry refuses the next start and the next append")
    func editedLog() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        try desk.paper(file, at: 10).expectSuccess()
        let runtime = desk.project.stateDirectory + "/runtime.log"
        let original = try String(contentsOfFile: runtime, encoding: .utf8)
        try original.replacingOccurrences(of: "\"kind\":\"launch\"", with: "\"kind\":\"lunch\"").write(toFile: runtime, atomically: true, encoding: .utf8)
        #expect(try desk.paper(file, at: 20).refused("the runtime log does not verify"))
        try original.write(toFile: runtime, atomically: true, encoding: .utf8)
        let tracked = try String(contentsOfFile: desk.auditLog, encoding: .utf8)
        try tracked.replacingOccurrences(of: "\"owner\":\"bob\"", with: "\"owner\":\"eve\"").write(toFile: desk.auditLog, atomically: true, encoding: .utf8)
        #expect(try desk.paper(file, at: 30).refused("was edited"))
        let append = try desk.propose(try desk.params(fast: 14), at: 40)
        #expect(append.refused("the tracked audit log does not verify") && append.output.contains("was edited"), "\(append.output)")
    }

    @Test("the tracked log holds acts by people; launches and refusals go to the runtime log naming the tracked head")
    func twoLogs() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        try desk.paper(file, at: 10).expectSuccess()
        _ = try desk.paper(try desk.params(fast: 99), at: 11)
        let tracked = try AuditLog(path: desk.auditLog).verify()
        #expect(Set(tracked.map(\.kind)) == ["key.added", "proposal", "approval"])
        let runtime = try AuditLog(path: desk.project.stateDirectory + "/runtime.log").verify()
        #expect(runtime.map(\.kind).contains("launch") && runtime.map(\.kind).contains("gate.refused") && runtime.map(\.kind).contains("paper.session"))
        let head = "\(tracked.last!.sequence) \(tracked.last!.hash)"
        #expect(runtime.allSatisfy { $0.details["tracked_head"] == head })
    }

    /// Runs `git arguments` in `directory` (identity given inline, so no global configuration is needed).
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("two git clones that both appended are joined with the documented commands, every signed entry re-verified, and both anchors accept the result")
    func mergedClones() throws {
        let origin = try CLIDesk("origin")
        let shared = try origin.approved(fast: 10, id: "sma_cross-paper-1")
        try "state/\n".write(toFile: origin.project.root + "/.gitignore", atomically: true, encoding: .utf8)
        try Self.git(["init", "-q"], in: origin.project.root)
        try Self.git(["add", "-A"], in: origin.project.root)
        #expect(try Self.git(["commit", "-qm", "desk"], in: origin.project.root).status == 0)
        func clone(_ name: String) throws -> CLIDesk {
            let root = Paths.scratch(name)
            try FileManager.default.removeItem(atPath: root)
            #expect(try Self.git(["clone", "-q", origin.project.root, root], in: origin.project.root).status == 0)
            return try origin.clone(at: root)
        }
        let a = try clone("clone-a"), b = try clone("clone-b")
        try a.paper(shared, at: 1).expectSuccess()
        try b.paper(shared, at: 2).expectSuccess()
        // Each clone makes its own change: new params in A, a policy proposal in B; both commit.
        _ = try a.approved(fast: 12, id: "sma_cross-paper-2", at: 10)
        try b.spark(["policy", "propose", b.project.policiesDirectory + "/approval.yaml", "--reason", "initial", "--key", "alice"], at: 10).expectSuccess()
        try b.approve("policy-approval-1", by: "carol", at: 11).expectSuccess()
        for desk in [a, b] {
            try Self.git(["add", "-A"], in: desk.project.root)
            #expect(try Self.git(["commit", "-qm", "change"], in: desk.project.root).status == 0)
        }

        // A pulls B: the proposal folders merge, the log conflicts; then the commands docs/approvals.md gives.
        try Self.git(["remote", "add", "b", b.project.root], in: a.project.root)
        try Self.git(["fetch", "-q", "b"], in: a.project.root)
        let pull = try Self.git(["merge", "b/main"], in: a.project.root)
        #expect(pull.status != 0 && pull.output.contains("approvals/audit.log"), "\(pull.output)")
        try Self.git(["checkout", "--ours", "approvals/audit.log", "approvals/audit.log.head"], in: a.project.root)
        let theirs = Paths.scratch("theirs") + "/theirs.log"
        try Self.git(["show", "MERGE_HEAD:approvals/audit.log"], in: a.project.root).output.write(toFile: theirs, atomically: true, encoding: .utf8)
        let merge = try a.spark(["audit", "merge", theirs], at: 20)
        #expect(merge.status == 0, "\(merge.output)")
        #expect(merge.stdout.contains("joined 2 entries"), "\(merge.stdout)")
        try Self.git(["add", "approvals"], in: a.project.root)
        #expect(try Self.git(["commit", "-qm", "merge b"], in: a.project.root).status == 0)
        try a.spark(["audit", "verify"], at: 21).expectSuccess()
        try a.paper(try a.params(fast: 12), at: 22).expectSuccess()

        // B pulls the joined history: its anchor sat on its own head, which the merge entry names.
        try Self.git(["pull", "-q", a.project.root, "main"], in: b.project.root)
        let verify = try b.spark(["audit", "verify"], at: 23)
        #expect(verify.status == 0, "\(verify.output)")
        // Without the merge entry B's anchor would refuse: rewrite history to drop it and see.
        let lines = try String(contentsOfFile: b.auditLog, encoding: .utf8).split(separator: "\n").dropLast()
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        try (lines.joined(separator: "\n") + "\n").write(toFile: b.auditLog, atomically: true, encoding: .utf8)
        try "\(last["seq"]!) \(last["hash"]!)\n".write(toFile: b.auditLog + ".head", atomically: true, encoding: .utf8)
        #expect(try b.spark(["audit", "verify"], at: 24).refused("does not extend entry"))
    }

    @Test("a merge whose other side lacks a signed file, or reuses a proposal id, is refused and writes nothing")
    func badMerge() throws {
        let a = try CLIDesk()
        _ = try a.approved(fast: 10, id: "sma_cross-paper-1")
        let b = try a.clone("clone-b")
        _ = try b.approved(fast: 12, id: "sma_cross-paper-2", at: 10)
        let theirs = Paths.scratch("theirs") + "/audit.log"
        try FileManager.default.copyItem(atPath: b.auditLog, toPath: theirs)
        let before = try String(contentsOfFile: a.auditLog, encoding: .utf8)
        #expect(try a.spark(["audit", "merge", theirs], at: 20).refused("has no signed statement with the logged hash"))
        _ = try a.approved(fast: 14, id: "sma_cross-paper-2", at: 15)
        let clash = try a.spark(["audit", "merge", theirs], at: 20)
        #expect(clash.refused("both clones made a proposal sma_cross-paper-2"), "\(clash.output)")
        #expect(try String(contentsOfFile: a.auditLog, encoding: .utf8).hasPrefix(before))
    }

    @Test("a proposal made with a clock 400 days fast is refused, and expiries beyond the policy's TTL are refused")
    func futureAndOverlong() throws {
        let desk = try CLIDesk()
        let file = try desk.params(fast: 10)
        let future = 400.0 * 86_400
        try desk.propose(file, at: future).expectSuccess()
        try desk.approve("sma_cross-paper-1", at: future).expectSuccess()
        let outcome = try desk.paper(file, at: 0)
        #expect(outcome.refused("in the future by more than the 120 s"), "\(outcome.output)")
        // Within the stated skew a slightly fast clock is accepted.
        let near = try desk.params(fast: 11)
        try desk.propose(near, at: 100).expectSuccess()
        try desk.approve("sma_cross-paper-2", at: 100).expectSuccess()
        try desk.paper(near, at: 0).expectSuccess()

        // Proposed under a 3650-day policy, then the policy is back at 30 days: the expiry is refused.
        let policy = desk.project.policiesDirectory + "/approval.yaml"
        let text = try String(contentsOfFile: policy, encoding: .utf8)
        try text.replacingOccurrences(of: "expires_after_days: 30", with: "expires_after_days: 3650").write(toFile: policy, atomically: true, encoding: .utf8)
        let long = try desk.params(fast: 13)
        try desk.propose(long, at: 200).expectSuccess()
        try desk.approve("sma_cross-paper-3", at: 200).expectSuccess()
        try text.write(toFile: policy, atomically: true, encoding: .utf8)
        #expect(try desk.paper(long, at: 300).refused("later than the policy's 30 days allow"))
    }

    @Test("a start 300 ms after a revocation is refused; 100 ms before it is not")
    func subSecondRevocation() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        let bob = try #require(try String(contentsOfFile: desk.keysPath, encoding: .utf8).components(separatedBy: "  - id: ").first { $0.contains("owner: bob") }?.prefix(16))
        try desk.spark(["keys", "revoke", String(bob), "--reason", "stolen"], at: 60.2).expectSuccess()
        try desk.paper(file, at: 60.1).expectSuccess()
        let outcome = try desk.paper(file, at: 60.5)
        #expect(outcome.refused("revoked at 2026-03-01T00:01:00.200Z"), "\(outcome.output)")
    }

    @Test("a proposal over a stale base cannot be approved, and approving shows the diff against what is in force")
    func staleBase() throws {
        let desk = try CLIDesk()
        _ = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        let second = try desk.params(fast: 12), third = try desk.params(fast: 14)
        try desk.propose(second, at: 10).expectSuccess()
        try desk.propose(third, at: 11).expectSuccess()
        let approve = try desk.approve("sma_cross-paper-2", at: 12)
        approve.expectSuccess()
        #expect(approve.stdout.contains("in force: "), "\(approve.stdout)")
        #expect(approve.stdout.contains("~ fast: 10 → 12"), "\(approve.stdout)")
        let stale = try desk.approve("sma_cross-paper-3", at: 13)
        #expect(stale.refused("a stale base cannot be approved"), "\(stale.output)")
        #expect(try desk.paper(third, at: 14).refused("lacks a valid quorum"))
    }

    @Test("hostile proposal ids never print raw: a crafted folder cannot fake an APPROVED line, and ids with paths are refused")
    func hostileIDs() throws {
        let desk = try CLIDesk()
        _ = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        let crafted = "x\nsma_cross-paper-9: APPROVED \u{2014} sma_cross params\n  signed:  carol [risk]\u{202E}"
        try FileManager.default.createDirectory(atPath: desk.project.approvalsDirectory + "/proposals/" + crafted, withIntermediateDirectories: true)
        let status = try desk.spark(["params", "status"], at: 1)
        #expect(status.status == 0, "\(status.output)")
        #expect(!status.stdout.split(separator: "\n").contains { $0.hasPrefix("sma_cross-paper-9: APPROVED") || $0.hasPrefix("  signed:  carol") })
        #expect(status.stdout.contains("\\u{a}sma_cross-paper-9"), "\(status.stdout)")
        #expect(status.stdout.contains("\\u{202e}"))
        for id in ["../../etc", "sma_cross-paper-1\n", "SMA-paper-1"] {
            #expect(try desk.approve(id, at: 2).refused("is not a proposal id"), "\(id)")
        }
    }

    @Test("params approved for one symbol do not run on another; live forbids 'any symbol'")
    func crossSymbol() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        try desk.paper(file, symbol: "REF", at: 1).expectSuccess()
        let other = try desk.paper(file, symbol: "ETHUSDT", at: 2)
        #expect(other.refused("for REF, not ETHUSDT"), "\(other.output)")
        let any = try desk.propose(try desk.params(fast: 11), env: "live", scope: ["--any-symbol"], at: 3)
        #expect(any.refused("forbids 'any symbol' for live"), "\(any.output)")
        let none = try desk.propose(try desk.params(fast: 11), scope: [], at: 3)
        #expect(none.refused("--symbols LIST or --any-symbol"), "\(none.output)")
    }

    @Test("a max-speed or recorded-file paper session is no paper record for promotion")
    func recordedPaperRecord() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        try desk.paper(file, at: 1).expectSuccess()
        try desk.spark(["paper", "--strategy", desk.strategy, "--params", file, "--feed", desk.feed, "--symbol", "REF", "--speed", "100000", "--journal", Paths.scratch("j") + "/s.jsonl"], at: 2).expectSuccess()
        let promote = try desk.spark(["params", "promote", "sma_cross-paper-1", "--reason", "go live", "--key", "alice", "--symbols", "REF"], at: 3)
        #expect(promote.refused("no paper session on a live market feed"), "\(promote.output)")
        let runtime = try String(contentsOfFile: desk.project.stateDirectory + "/runtime.log", encoding: .utf8)
        #expect(runtime.contains("\"feed_kind\":\"recorded-file\""))
    }

    @Test("logs and statements of an older version are refused with what to do")
    func olderVersions() throws {
        let desk = try CLIDesk()
        let file = try desk.approved(fast: 10, id: "sma_cross-paper-1")
        let old = "{\"seq\":1,\"time\":\"2026-01-01T00:00:00.000Z\",\"kind\":\"proposal\",\"actor\":\"a\",\"subject\":\"s\",\"details\":{},\"prev\":\"\(AuditEntry.genesis)\",\"hash\":\"\(AuditEntry.genesis)\"}\n"
        let log = Paths.write(old, named: "old.log")
        let verify = try desk.spark(["audit", "verify", "--log", log])
        #expect(verify.refused("audit format version 1") && verify.output.contains("archive the old log"), "\(verify.output)")

        let envelopePath = desk.project.approvalsDirectory + "/proposals/sma_cross-paper-1/proposal.dsse.json"
        var envelope = try #require(Envelope.parse(Data(contentsOf: URL(fileURLWithPath: envelopePath))))
        envelope.payload = Data(String(decoding: envelope.payload, as: UTF8.self).replacingOccurrences(of: "/v2", with: "/v1").utf8)
        // Signed properly by the proposer, as an older build would have: only the version is wrong.
        let alice = try SigningKey.load("alice", directory: desk.keys)
        envelope.signatures[0].signature = try alice.sign(Envelope.pae(type: envelope.payloadType, payload: envelope.payload))
        let approvals = ApprovalStore(directory: desk.project.approvalsDirectory, stateDirectory: desk.project.stateDirectory)
        let (keys, record) = try approvals.trusted()
        var stored = try approvals.proposal("sma_cross-paper-1")
        stored.proposerEnvelope = envelope
        let review = ProposalReview.review(stored, keys: keys, record: record, rule: { _ in QuorumRule(approvers: 1, roles: [], expiresAfterDays: 30) }, now: CLIDesk.start)
        #expect(review.problems.first?.contains("propose the change again") == true, "\(review.problems)")
        try desk.paper(file, at: 1).expectSuccess()
    }
}

import Approvals
import Audit
import Foundation
import Serve
import Testing

@Suite("signed control: every state change is signed, fresh, used once and allowed to its key's role")
struct ControlGateTests {
    struct Rig {
        let project: ServeProject
        let gate: ControlGate
        let metrics: ServiceMetrics
        let now: Date

        init(now: Date = Date()) throws {
            project = try ServeProject.make(approve: false)
            metrics = ServiceMetrics(service: "executor", version: "test")
            let database = try ServeDatabase.open(path: project.project.stateDirectory + "/serve.sqlite")
            self.now = now
            gate = ControlGate(
                keysPath: project.project.approvalsDirectory + "/keys.yaml",
                logs: GovernanceLogs(approvalsDirectory: project.project.approvalsDirectory, stateDirectory: project.project.stateDirectory),
                database: database, skewSeconds: 30, metrics: [metrics], now: { now }
            )
        }

        func admit(_ action: ControlAction, key: SigningKey, body: String = "{}", signedBody: String? = nil, signedAt: Date? = nil, nonce: String = UUID().uuidString, path: String = "/kill") throws -> Result<ControlCaller, ControlRefusal> {
            let headers = try ControlSigner(key: key).headers(method: "POST", path: path, body: Data((signedBody ?? body).utf8), now: signedAt ?? now, nonce: nonce)
            return gate.admit(action, method: "POST", path: path, headers: headers, body: Data(body.utf8))
        }

        func refusal(_ result: Result<ControlCaller, ControlRefusal>) -> ControlRefusal? {
            if case .failure(let refusal) = result { return refusal }
            return nil
        }

        /// The runtime log's control entries.
        func audited() throws -> [AuditEntry] {
            try AuditLog(path: project.project.stateDirectory + "/runtime.log").verify(requireHead: false).filter { $0.kind.hasPrefix("control.") }
        }
    }

    @Test("an unsigned request is refused with 401 and a hint")
    func unsigned() throws {
        let rig = try Rig()
        let result = rig.gate.admit(.killEngage, method: "POST", path: "/kill", headers: [:], body: Data())
        #expect(rig.refusal(result)?.status == 401)
        #expect(rig.refusal(result)?.code == "unsigned")
    }

    @Test("any registered key may engage the kill switch")
    func anyKeyKills() throws {
        let rig = try Rig()
        let result = try rig.admit(.killEngage, key: rig.project.desk.quant)
        #expect((try? result.get())?.owner == "quinn")
        #expect(try rig.audited().last?.kind == "control.accepted")
    }

    @Test("a key that is not in keys.yaml is refused")
    func unknownKey() throws {
        let rig = try Rig()
        let stranger = SigningKey(owner: "mallory")
        #expect(rig.refusal(try rig.admit(.killEngage, key: stranger))?.code == "unknown_key")
    }

    @Test("a signature over another body is refused")
    func tamperedBody() throws {
        let rig = try Rig()
        let result = try rig.admit(.killEngage, key: rig.project.desk.quant, body: #"{"on":false}"#, signedBody: #"{"on":true}"#)
        #expect(rig.refusal(result)?.code == "bad_signature")
    }

    @Test("a request signed outside the skew window is refused as stale")
    func stale() throws {
        let rig = try Rig()
        let result = try rig.admit(.killEngage, key: rig.project.desk.quant, signedAt: rig.now.addingTimeInterval(-31))
        #expect(rig.refusal(result)?.code == "stale")
    }

    @Test("a replayed request is refused with 409 and audited")
    func replay() throws {
        let rig = try Rig()
        let nonce = "replay-nonce-0123456789"
        #expect((try? rig.admit(.killEngage, key: rig.project.desk.quant, nonce: nonce).get()) != nil)
        let again = try rig.admit(.killEngage, key: rig.project.desk.quant, nonce: nonce)
        #expect(rig.refusal(again)?.status == 409)
        let entry = try #require(try rig.audited().last)
        #expect(entry.kind == "control.refused")
        #expect(entry.details["reason"]?.contains("replayed") == true)
    }

    @Test("each risk action refuses a quant key with 403, and accepts risk and operator keys", arguments: [ControlAction.killRelease, .breakerReset, .flatten, .liveStart, .liveStop])
    func roles(action: ControlAction) throws {
        let rig = try Rig()
        let refused = try rig.admit(action, key: rig.project.desk.quant)
        #expect(rig.refusal(refused)?.status == 403)
        #expect(rig.refusal(refused)?.message.contains("role operator or risk") == true)
        #expect((try? rig.admit(action, key: rig.project.desk.risk[0]).get())?.owner == "rita")
        #expect((try? rig.admit(action, key: rig.project.operatorKey).get())?.owner == "olga")
    }

    @Test("refusals and acceptances are counted by action and outcome")
    func counted() throws {
        let rig = try Rig()
        _ = try rig.admit(.flatten, key: rig.project.desk.quant)
        let scrape = String(decoding: rig.metrics.scrape(), as: UTF8.self)
        #expect(scrape.contains(#"spark_control_requests_total{action="flatten",outcome="forbidden"} 1"#))
    }
}

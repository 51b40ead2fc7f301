import Approvals
import Drivers
import Foundation
import Store
import Workflow

extension WebPages {
    func approvals() -> String {
        var values: [String: Any] = [:]
        do {
            let workflow = ParamsWorkflow(project: environment.project)
            let policy = try workflow.policy()
            let (keys, record) = try workflow.store.trusted()
            let now = environment.now()
            values["proposals"] = workflow.store.reviews(policy: policy, keys: keys, record: record, now: now).reversed().map { review -> [String: Any] in
                guard let statement = review.statement else {
                    return ["id": review.proposal.id, "state": "UNUSABLE", "stateClass": "bad", "what": review.problems.joined(separator: "; ")]
                }
                let state = review.isApproved ? "APPROVED" : (review.expired ? "EXPIRED" : "PENDING")
                return [
                    "id": review.proposal.id, "state": state, "stateClass": Self.stateClass(state),
                    "what": statement.target == .policy ? "policy \(statement.subject)" : "\(statement.subject) params",
                    "environment": statement.environment.rawValue, "change": "\(statement.baseHash.prefix(12)) → \(statement.newHash.prefix(12))",
                    "proposer": review.proposer ?? "?", "signed": review.counted.map { "\($0.owner ?? "?") [\($0.roles.joined(separator: ","))]" }.joined(separator: ", "),
                    "missing": review.missing.joined(separator: "; "), "expires": ApprovalTime.format(statement.expires),
                ]
            }
        } catch {
            values["problem"] = "The approvals do not load: \(error)"
        }
        return page("approvals", title: "Approvals", path: "/approvals", values)
    }

    func risk() -> String {
        let store = GuardStateStore(directory: environment.project.stateDirectory)
        let saved = (try? store.all()) ?? []
        let breakers: [[String: Any]] = saved.flatMap { entry in
            (entry.snapshot?.breakers ?? [:]).sorted { $0.key < $1.key }.map { name, state in
                [
                    "strategy": entry.strategy, "breaker": name, "mode": state.mode.rawValue, "modeClass": Self.stateClass(state.mode.rawValue),
                    "pending": entry.pending.filter { $0.breaker == name }.map { "by \($0.by): \($0.reason)" }.joined(separator: "; "),
                ]
            }
        }
        let decisions: [[String: Any]] = ((try? barStore()?.recentDecisions(limit: 100)) ?? []).map { decision in
            [
                "time": Self.time(decision.time), "mode": decision.mode, "strategy": decision.strategy, "symbol": decision.symbol, "verdict": decision.verdict,
                "verdictClass": decision.verdict == "allow" ? "ok" : "bad", "rule": decision.rule ?? "", "code": decision.code ?? "",
            ]
        }
        var values: [String: Any] = ["breakers": breakers, "decisions": decisions]
        values["kill"] = store.kill().map { ["level": $0.level, "reason": $0.reason] as [String: Any] }
        return page("risk", title: "Breakers & kill", path: "/risk", values)
    }

    func data() -> String {
        let now = environment.nowMs()
        let store = barStore()
        let rows: [[String: Any]] = ((try? store?.series()) ?? []).map { series in
            let age = max(0, now - series.last) / 1000
            let quality = try? store?.quality(symbol: series.symbol, interval: series.interval)
            let verdict = quality.map { $0.failedFatal.isEmpty ? "passed (\($0.checkedRows) rows)" : "failed: \($0.failedFatal.joined(separator: ", "))" } ?? "not checked"
            return [
                "symbol": series.symbol, "interval": series.interval, "rows": series.rows, "first": Self.time(series.first), "last": Self.time(series.last),
                "age": Self.age(age), "ageClass": age < 300 ? "ok" : (age < 86_400 ? "warn" : "bad"),
                "quality": verdict, "qualityClass": quality == nil ? "warn" : (quality!.failedFatal.isEmpty ? "ok" : "bad"),
            ]
        }
        return page("data", title: "Data", path: "/data", ["series": rows, "store": barStorePath])
    }

    func jobs() -> String {
        let jobs: [[String: Any]] = ((try? environment.database.jobs()) ?? []).map { job in
            let took = job.startedMs.flatMap { start in job.finishedMs.map { "\(String(format: "%.1f", Double($0 - start) / 1000)) s" } } ?? ""
            return [
                "id": job.id, "kind": job.request.kind, "state": job.state, "stateClass": Self.stateClass(job.state), "by": job.submittedBy,
                "submitted": Self.time(job.submittedMs), "took": took,
                "report": job.state == "done" && job.outDir.map { FileManager.default.fileExists(atPath: "\($0)/report.html") } == true,
                "message": job.state == "failed" ? String((job.message ?? "").suffix(160)) : job.state,
            ]
        }
        return page("jobs", title: "Backtests", path: "/jobs", ["jobs": jobs])
    }

    var barStorePath: String { "\(environment.project.root)/out/spark.db" }

    /// The project's bar store, when there is one (the dashboard never creates it).
    func barStore() -> AppDatabase? {
        guard FileManager.default.fileExists(atPath: barStorePath) else { return nil }
        return try? AppDatabase.open(path: barStorePath)
    }

    static func age(_ seconds: Int64) -> String {
        switch seconds {
        case ..<120: "\(seconds) s"
        case ..<7_200: "\(seconds / 60) min"
        case ..<172_800: "\(seconds / 3_600) h"
        default: "\(seconds / 86_400) d"
        }
    }
}

import Foundation
import Hummingbird

/// The backtest service's HTTP API: submit (signed), list, inspect, and the report of a finished job.
struct BacktestRoutes {
    let queue: BacktestQueue
    let gate: ControlGate
    let environment: ServeEnvironment

    func install<Context: RequestContext>(on router: Router<Context>) {
        let limit = environment.settings.maxBodyBytes
        router.get("/jobs") { _, _ in JSONReply.ok(await queue.jobs()) }
        router.get("/jobs/{id}") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self), let job = await queue.job(id) else {
                return JSONReply.error(404, "not_found", "no job \(context.parameters.get("id") ?? "")")
            }
            return JSONReply.ok(JobView(job: job, progress: job.state == "running" ? job.outDir.map { SessionSupervisor.tail(of: $0 + ".log") } : nil))
        }
        router.get("/jobs/{id}/report") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self), let job = await queue.job(id), let out = job.outDir else {
                return JSONReply.error(404, "not_found", "no job \(context.parameters.get("id") ?? "")")
            }
            guard job.state == "done", let data = FileManager.default.contents(atPath: "\(out)/report.json") else {
                return JSONReply.error(404, "not_found", "job \(id) has no report (state \(job.state))", hint: "wait until its state is done; a sweep's results are in \(out)")
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("/jobs") { request, _ in
            switch await SignedRequest.admit({ _ in .jobSubmit }, request: request, gate: gate, limit: limit) {
            case .failure(let refusal): return JSONReply.refusal(refusal)
            case .success(let signed):
                do throws(ControlRefusal) {
                    return JSONReply.ok(try await queue.submit(try signed.decode(JobRequest.self), by: signed.caller.owner), status: .created)
                } catch {
                    return JSONReply.refusal(error)
                }
            }
        }
    }
}

/// A job with its evidence links and, while it runs, its last progress lines.
struct JobView: Codable, Sendable {
    var job: BacktestJob
    var progress: String?
    var evidence: [String]

    init(job: BacktestJob, progress: String?) {
        self.job = job
        self.progress = progress
        evidence = job.state == "done" ? job.outDir.map(Self.evidence(in:)) ?? [] : []
    }

    /// The evidence files a finished job wrote: a backtest's in `out` itself, a sweep's in the sealed
    /// directory `spark sweep run` makes under it (named by its evidence id).
    static func evidence(in out: String) -> [String] {
        let names = ["report.json", "report.html", "leaderboard.csv", "best.json", "MANIFEST.sha256", "INDEX.md"]
        let fileManager = FileManager.default
        func present(in directory: String) -> [String] {
            names.map { "\(directory)/\($0)" }.filter { fileManager.fileExists(atPath: $0) }
        }
        let direct = present(in: out)
        if !direct.isEmpty { return direct }
        let sealed = ((try? fileManager.contentsOfDirectory(atPath: out)) ?? []).sorted()
            .map { "\(out)/\($0)" }
            .filter { fileManager.fileExists(atPath: "\($0)/MANIFEST.sha256") }
        return sealed.last.map(present(in:)) ?? []
    }
}

import Foundation
import Drivers
import Approvals
import Audit
import Hummingbird

/// The executor's HTTP API: sessions (start, stop, list, inspect), the kill switch, breaker resets
/// and flatten. Reads are open on the bound address; every change is signed (``ControlGate``).
struct ExecutorRoutes {
    let supervisor: SessionSupervisor
    let gate: ControlGate
    let environment: ServeEnvironment

    func install<Context: RequestContext>(on router: Router<Context>) {
        let limit = environment.settings.maxBodyBytes
        router.get("/sessions") { _, _ in JSONReply.ok(await supervisor.list()) }
        router.get("/sessions/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let session = await supervisor.session(id) else { return JSONReply.error(404, "not_found", "no session \(id)") }
            return JSONReply.ok(session)
        }
        router.post("/sessions") { request, _ in
            let admitted = await SignedRequest.admit({ body in
                (try? SignedRequest.decode(SessionRequest.self, body))?.mode == "live" ? .liveStart : .paperStart
            }, request: request, gate: gate, limit: limit)
            switch admitted {
            case .failure(let refusal): return JSONReply.refusal(refusal)
            case .success(let signed):
                do throws(ControlRefusal) {
                    let session = try await supervisor.start(try signed.decode(SessionRequest.self), by: signed.caller.owner)
                    return JSONReply.ok(session, status: .created)
                } catch {
                    return JSONReply.refusal(error)
                }
            }
        }
        router.post("/sessions/{id}/stop") { request, context in
            let id = context.parameters.get("id") ?? ""
            let mode = await supervisor.session(id)?.request.mode
            let admitted = await SignedRequest.admit({ _ in mode == "live" ? .liveStop : .paperStop }, request: request, gate: gate, limit: limit)
            switch admitted {
            case .failure(let refusal): return JSONReply.refusal(refusal)
            case .success(let signed):
                do throws(ControlRefusal) {
                    return JSONReply.ok(try await supervisor.stop(id, reason: "stopped by \(signed.caller.owner)"))
                } catch {
                    return JSONReply.refusal(error)
                }
            }
        }
        installOperator(on: router, limit: limit)
    }

    private func installOperator<Context: RequestContext>(on router: Router<Context>, limit: Int) {
        let store = GuardStateStore(directory: environment.project.stateDirectory)
        router.get("/kill") { _, _ in
            let kill = store.kill()
            return JSONReply.ok(KillState(level: kill?.level ?? 0, reason: kill?.reason))
        }
        router.post("/kill") { request, _ in
            await operate(request, limit: limit, action: { body in
                (try? SignedRequest.decode(OperatorRequest.self, body))?.on == false ? .killRelease : .killEngage
            }) { body, caller throws(ControlRefusal) in
                let level = body.level ?? 2
                try Self.config { () throws(ConfigError) in
                    try store.setKill(body.on ?? true, level: level, reason: body.reason ?? "engaged through spark serve", by: caller.owner, audit: audit(), at: environment.now())
                }
                let kill = store.kill()
                return KillState(level: kill?.level ?? 0, reason: kill?.reason)
            }
        }
        router.post("/breakers/reset") { request, _ in
            await operate(request, limit: limit, action: { _ in .breakerReset }) { body, caller throws(ControlRefusal) in
                guard let strategy = body.strategy, let breaker = body.breaker else { throw ControlRefusal(400, "invalid", "a breaker reset needs strategy and breaker") }
                try Self.config { () throws(ConfigError) in
                    try store.requestReset(strategy: strategy, breaker: breaker, by: caller.owner, reason: body.reason ?? "reset through spark serve", at: environment.now(), audit: audit())
                }
                return ["queued": "reset of \(strategy)/\(breaker): the running session applies it before its next bar"]
            }
        }
        router.post("/flatten") { request, _ in
            await operate(request, limit: limit, action: { _ in .flatten }) { body, caller throws(ControlRefusal) in
                guard let strategy = body.strategy else { throw ControlRefusal(400, "invalid", "flatten needs strategy") }
                try Self.config { () throws(ConfigError) in
                    try store.requestFlatten(strategy: strategy, by: caller.owner, reason: body.reason ?? "flatten through spark serve", at: environment.now(), audit: audit())
                }
                return ["queued": "flatten of \(strategy): the running session applies it before its next bar"]
            }
        }
    }

    private func operate<T: Encodable>(
        _ request: Request, limit: Int, action: (Data) -> ControlAction,
        _ body: (OperatorRequest, ControlCaller) throws(ControlRefusal) -> T
    ) async -> Response {
        switch await SignedRequest.admit(action, request: request, gate: gate, limit: limit) {
        case .failure(let refusal): return JSONReply.refusal(refusal)
        case .success(let signed):
            do throws(ControlRefusal) {
                return JSONReply.ok(try body(try signed.decode(OperatorRequest.self), signed.caller))
            } catch {
                return JSONReply.refusal(error)
            }
        }
    }

    private func audit() -> AuditLog {
        GovernanceLogs(approvalsDirectory: environment.project.approvalsDirectory, stateDirectory: environment.project.stateDirectory).runtimeLogForOperator()
    }

    private static func config(_ body: () throws(ConfigError) -> Void) throws(ControlRefusal) {
        do {
            try body()
        } catch {
            throw ControlRefusal(422, "invalid", error.message, hint: error.hint)
        }
    }
}

/// The kill switch as `GET /kill` shows it.
struct KillState: Codable, Sendable {
    var level: Int
    var reason: String?
}

import Foundation
import Hummingbird

/// `/healthz`, `/readyz` and `/metrics`, on every service.
struct HealthRoutes {
    let metrics: ServiceMetrics
    /// Why the service is not ready; empty when it is.
    let readiness: @Sendable () async -> [String]

    func install<Context: RequestContext>(on router: Router<Context>) {
        router.get("/healthz") { _, _ in JSONReply.ok(["status": "alive", "service": metrics.service]) }
        router.get("/readyz") { _, _ in
            let reasons = await readiness()
            metrics.gauge(.ready, ["service": metrics.service]).set(to: reasons.isEmpty ? 1 : 0)
            return JSONReply.ok(Readiness(ready: reasons.isEmpty, service: metrics.service, reasons: reasons), status: reasons.isEmpty ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            let reasons = await readiness()
            metrics.gauge(.ready, ["service": metrics.service]).set(to: reasons.isEmpty ? 1 : 0)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.scrape()))
            )
        }
    }
}

/// What `/readyz` answers.
struct Readiness: Codable, Sendable {
    var ready: Bool
    var service: String
    var reasons: [String]
}

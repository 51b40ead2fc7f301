import Foundation
public import Hummingbird

/// Counts every request and times it, by route template (never the raw path: its ids are unbounded).
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    public init(metrics: ServiceMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            record(context, status: status, since: started)
            return response
        } catch {
            status = Int((error as? any HTTPResponseError)?.status.code ?? 500)
            record(context, status: status, since: started)
            throw error
        }
    }

    private func record(_ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let endpoint = context.endpointPath ?? "unmatched"
        let elapsed = started.duration(to: .now).components
        metrics.counter(.httpRequests, ["service": metrics.service, "endpoint": endpoint, "code": String(status)]).increment()
        metrics.histogram(.httpDuration, ["service": metrics.service, "endpoint": endpoint])
            .record(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }
}

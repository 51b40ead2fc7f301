import Foundation
import Hummingbird

/// The web dashboard: read-only pages, `GET` only.
struct WebRoutes {
    let pages: WebPages

    func install<Context: RequestContext>(on router: Router<Context>) {
        router.get("/") { _, _ in Self.html(pages.overview()) }
        router.get("/sessions") { _, _ in Self.html(pages.overview()) }
        router.get("/sessions/{id}") { _, context in
            guard let html = pages.session(context.parameters.get("id") ?? "") else { return Self.html(Self.missing, status: .notFound) }
            return Self.html(html)
        }
        router.get("/sessions/{id}/equity.png") { _, context in
            guard let png = pages.equityChart(context.parameters.get("id") ?? "") else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("/approvals") { _, _ in Self.html(pages.approvals()) }
        router.get("/risk") { _, _ in Self.html(pages.risk()) }
        router.get("/data") { _, _ in Self.html(pages.data()) }
        router.get("/jobs") { _, _ in Self.html(pages.jobs()) }
        router.get("/jobs/{id}/report.html") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self), let job = try? pages.environment.database.job(id), let out = job.outDir,
                let data = FileManager.default.contents(atPath: "\(out)/report.html")
            else { return Self.html(Self.missing, status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    static let missing = "<!doctype html><title>Not found · Spark</title><p>Not found. <a href=\"/\">Back to the overview</a></p>"

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

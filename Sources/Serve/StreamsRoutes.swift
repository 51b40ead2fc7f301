import Foundation
import Hummingbird

/// The streams service's HTTP API: the newest bar per symbol, and closed bars as server-sent events.
struct StreamsRoutes {
    let streams: StreamsService

    func install<Context: RequestContext>(on router: Router<Context>) {
        router.get("/streams") { _, _ in JSONReply.ok(await streams.snapshot()) }
        router.get("/streams/bars") { request, _ in
            let symbol = request.uri.queryParameters.get("symbol")?.uppercased()
            let (id, bars) = await streams.subscribe()
            let body = ResponseBody { writer in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try await writer.write(ByteBuffer(string: ": subscribed\n\n"))
                for await bar in bars where symbol == nil || bar.symbol == symbol {
                    let json = String(decoding: try encoder.encode(bar), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: bar\ndata: \(json)\n\n"))
                }
                await streams.unsubscribe(id)
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

extension FakeRoutes {
    /// `/ws-api/v3` and `/stream?streams=a/b/c`.
    static func installWebSocket(on router: Router<BasicWebSocketRequestContext>, exchange: FakeExchange) {
        router.ws("/ws-api/v3") { inbound, outbound, _ in
            await serve(.api, inbound: inbound, outbound: outbound, exchange: exchange)
        }
        router.ws("/stream", shouldUpgrade: { request, _ in
            request.uri.queryParameters.get("streams") == nil ? .dontUpgrade : .upgrade([:])
        }) { inbound, outbound, context in
            let names = (context.request.uri.queryParameters.get("streams") ?? "").split(separator: "/").map { $0.lowercased() }
            await serve(.market(Set(names)), inbound: inbound, outbound: outbound, exchange: exchange)
        }
    }

    /// Pumps the exchange's frames out and (for the WebSocket API) requests in, until either side ends.
    static func serve(_ kind: FakeConnection.Kind, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, exchange: FakeExchange) async {
        let (id, frames) = await exchange.openConnection(kind)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    switch frame {
                    case .text(let text): try? await outbound.write(.text(text))
                    case .ping: try? await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer())))
                    case .close:
                        try? await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                }
            }
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if await exchange.isSilent(id) {
                            await exchange.waitUntilClosed(id)
                            return
                        }
                        if case .text(let text) = message, case .api = kind { await exchange.handleWSAPI(id, text: text) }
                    }
                } catch {}
            }
            await group.next()
            await exchange.closeConnection(id)
            group.cancelAll()
        }
    }
}

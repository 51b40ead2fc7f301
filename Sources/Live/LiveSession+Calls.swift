import Foundation
import Binance

extension LiveSession {
    /// Makes the calls the venue asked for, journaling each answer as an input, until none is left.
    /// Inside a Retry-After or ban window nothing is sent: the requests wait for a later tick.
    func perform() async {
        while true {
            let batch = waiting + machine.venue.takeRequests()
            waiting = []
            guard !batch.isEmpty else { return }
            guard exchangeNow() >= machine.venue.quietUntil else {
                waiting = batch
                return
            }
            for request in batch { await call(request) }
        }
    }

    func call(_ request: GatewayRequest) async {
        let gateway = self.gateway
        switch request {
        case .place(let order):
            CrashPoint.hit("after_intent_fsync")
            let outcome = await sent { () async throws(GatewayError) in try await [gateway.place(order)] }
            machine.consume(.placed(clientID: order.clientOrderID, outcome: outcome), time: exchangeNow())
        case .placeList(let list):
            CrashPoint.hit("after_intent_fsync")
            let outcome = await sent { () async throws(GatewayError) in try await gateway.placeList(list) }
            machine.consume(.placed(clientID: list.listClientOrderID, outcome: outcome), time: exchangeNow())
        case .cancel(let symbol, let clientID):
            let outcome = await sent { () async throws(GatewayError) in try await [gateway.cancel(symbol: symbol, clientOrderID: clientID)] }
            machine.consume(.cancelled(clientID: clientID, outcome: outcome), time: exchangeNow())
        case .query(let symbol, let clientID):
            let outcome = await GatewayOutcome.of { () async throws(GatewayError) in try await [gateway.query(symbol: symbol, clientOrderID: clientID)] }
            machine.consume(.queried(clientID: clientID, outcome: outcome), time: exchangeNow())
        case .trades(let symbol, let fromID):
            do {
                let trades = try await gateway.trades(symbol: symbol, fromID: fromID)
                machine.consume(.trades(trades: trades, failure: nil), time: exchangeNow())
            } catch {
                machine.consume(.trades(trades: [], failure: RecordedError(error)), time: exchangeNow())
            }
        case .verifyOpenOrders(let symbol):
            do {
                let open = try await gateway.openOrders(symbol: symbol)
                machine.consume(.verified(openOrders: open, failure: nil), time: exchangeNow())
            } catch {
                machine.consume(.verified(openOrders: [], failure: RecordedError(error)), time: exchangeNow())
            }
        case .syncClock:
            do {
                let server = try await gateway.serverTime()
                lastSync = clock.now()
                machine.consume(.serverTime(server: server, local: lastSync), time: exchangeNow())
            } catch {
                // New orders stay blocked; the venue asks again on a later tick.
                log("clock sync failed: \(error.description)")
            }
        case .reconcile:
            await reconcile()
        }
    }

    /// Sends and waits for the answer. `after_send` and `mid_cancel` fall inside the call, once the
    /// exchange has the request (the launch's transport); `after_response` once its answer is in hand.
    private func sent(_ body: @escaping @Sendable () async throws(GatewayError) -> [OrderReport]) async -> GatewayOutcome {
        let outcome = await GatewayOutcome.of(body)
        CrashPoint.hit("after_response")
        return outcome
    }

    /// Subscribes to the user stream first (its events wait in the inbox), reads a snapshot and
    /// journals it as one input; a call that fails leaves reconciliation incomplete (fail closed).
    func reconcile() async {
        let gateway = self.gateway, symbol = machine.venue.rules.symbol
        var failure: String?
        if !subscribed {
            do {
                let stream = try await gateway.userEvents()
                subscribed = true
                // The old stream is retired, not cancelled: this reconciliation may be running on its
                // task (its `.disconnected` started it), and a cancelled task makes every later
                // gateway call time out at once.
                streamGeneration += 1
                let generation = streamGeneration
                streamTask = Task { [weak self] in
                    for await event in stream {
                        guard let self, await self.streamGeneration == generation else { return }
                        await self.deliver(event)
                    }
                }
            } catch {
                failure = "user stream: \(error.description)"
            }
        }
        var snapshot = ReconcileSnapshot(openOrders: [], account: nil, queries: [:], trades: [], failure: failure)
        if failure == nil {
            do {
                snapshot.openOrders = try await gateway.openOrders(symbol: symbol)
                snapshot.account = try await gateway.account()
                for order in machine.venue.openOrders {
                    let id = order.clientID
                    snapshot.queries[id] = await GatewayOutcome.of { () async throws(GatewayError) in try await [gateway.query(symbol: symbol, clientOrderID: id)] }
                }
                if !machine.venue.orders.isEmpty {
                    snapshot.trades = try await gateway.trades(symbol: symbol, fromID: machine.venue.lastTradeID.map { $0 + 1 })
                }
            } catch {
                snapshot.failure = error.description
            }
        }
        machine.consume(.reconcile(snapshot), time: exchangeNow())
    }
}

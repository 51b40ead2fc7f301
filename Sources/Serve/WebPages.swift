import Approvals
import Charts
import Drivers
import Foundation
import Mustache
import Store
import Telemetry
import Workflow

/// The dashboard's pages: each one reads the project's files and stores as they are now, renders a
/// template, and changes nothing.
struct WebPages: Sendable {
    let environment: ServeEnvironment
    let library: MustacheLibrary

    init(environment: ServeEnvironment) throws {
        self.environment = environment
        var library = MustacheLibrary()
        for (name, text) in [
            ("layout", WebTemplates.layout), ("overview", WebTemplates.overview), ("sessions", WebTemplates.sessions), ("session", WebTemplates.session),
            ("approvals", WebTemplates.approvals), ("risk", WebTemplates.risk), ("data", WebTemplates.data), ("jobs", WebTemplates.jobs),
        ] {
            try library.register(text, named: name)
        }
        self.library = library
    }

    static let navigation = [("/", "Overview"), ("/risk", "Breakers & kill"), ("/approvals", "Approvals"), ("/data", "Data"), ("/jobs", "Backtests")]

    /// `body` rendered with `template`, inside the layout.
    func page(_ template: String, title: String, path: String, _ values: [String: Any]) -> String {
        let body = library.render(values, withTemplate: template) ?? ""
        let nav: [[String: Any]] = Self.navigation.map { ["href": $0.0, "label": $0.1, "on": $0.0 == path] }
        return library.render(
            ["title": title, "body": body, "nav": nav, "project": environment.project.settings.name, "now": Self.time(environment.nowMs())],
            withTemplate: "layout"
        ) ?? body
    }

    func overview() -> String {
        let rows = sessionRows()
        let kill = GuardStateStore(directory: environment.project.stateDirectory).kill()
        var reasons: [String] = kill.map { ["kill switch level \($0.level): \($0.reason)"] } ?? []
        for row in rows where (row["breakers"] as? String).map({ !$0.isEmpty }) == true {
            reasons.append("session \(row["id"] ?? ""): breaker \(row["breakers"] ?? "") latched")
        }
        let live = rows.filter { ($0["state"] as? String) == "running" }
        var values: [String: Any] = [
            "sessions": rows, "running": live.count,
            "openOrders": live.reduce(0) { $0 + (($1["openOrders"] as? Int) ?? 0) },
            "pnl": Self.money(live.reduce(0.0) { $0 + (($1["pnlValue"] as? Double) ?? 0) }),
            "latched": rows.filter { !(($0["breakers"] as? String) ?? "").isEmpty }.count, "reasons": reasons, "hasReasons": !reasons.isEmpty,
        ]
        // Absent keys, never nil in an Any: Mustache would print "nil" and count it as set.
        values["kill"] = kill.map { ["level": $0.level, "reason": $0.reason] as [String: Any] }
        return page("overview", title: "Overview", path: "/", values)
    }

    func sessionRows() -> [[String: Any]] {
        let sessions = (try? environment.database.sessions()) ?? []
        return sessions.reversed().map { session in
            let status = TelemetryReader.last(path: session.telemetry)
            let pnl = status.map { $0.equity - $0.startingCash } ?? 0
            return [
                "id": session.id, "mode": session.request.mode, "strategy": status?.strategy ?? SessionSupervisor.strategyName(session.request.strategy),
                "symbol": session.request.symbol, "state": session.state, "stateClass": Self.stateClass(session.state), "bars": status?.bars ?? 0,
                "position": status.map { Self.number($0.position) } ?? "", "equity": status.map { Self.money($0.equity) } ?? "",
                "pnl": status.map { _ in Self.money(pnl) } ?? "", "pnlValue": pnl, "openOrders": status?.openOrders.values.reduce(0, +) ?? 0,
                "breakers": status?.breakersTripped.joined(separator: ", ") ?? "", "restarts": session.restarts,
            ]
        }
    }

    func session(_ id: String) -> String? {
        guard let session = ((try? environment.database.sessions()) ?? []).first(where: { $0.id == id }) else { return nil }
        let status = TelemetryReader.last(path: session.telemetry)
        var values: [String: Any] = [
            "id": id, "mode": session.request.mode, "strategy": status?.strategy ?? session.request.strategy, "symbol": session.request.symbol,
            "state": session.state, "stateClass": Self.stateClass(session.state), "startedBy": session.startedBy, "pid": session.pid.map(String.init) ?? "-",
            "restarts": session.restarts, "bars": status?.bars ?? 0, "position": status.map { Self.number($0.position) } ?? "-",
            "equity": status.map { Self.money($0.equity) } ?? "-", "pnl": status.map { Self.money($0.equity - $0.startingCash) } ?? "-",
            "killLevel": status?.killLevel ?? 0,
            "orders": (status?.openOrders ?? [:]).sorted { $0.key < $1.key }.map { ["state": $0.key, "count": $0.value] },
            "breakers": status?.breakersTripped ?? [], "recent": (status?.recent ?? []).reversed() as [String], "journals": session.journals,
        ]
        values["reason"] = session.reason
        values["failure"] = status?.failure
        return page("session", title: "Session \(id)", path: "/sessions", values)
    }

    /// The session's equity over its telemetry as a PNG (at most 2,000 points).
    func equityChart(_ id: String) -> Data? {
        guard let session = ((try? environment.database.sessions()) ?? []).first(where: { $0.id == id }) else { return nil }
        var reader = TelemetryReader(path: session.telemetry)
        let lines = reader.next()
        let step = max(1, lines.count / 2_000)
        var times: [Int64] = []
        var equity: [Double] = []
        for (index, line) in lines.enumerated() where index % step == 0 || index == lines.count - 1 {
            let time = Int64(line.time * 1000)
            if let last = times.last, time <= last { continue }
            times.append(time)
            equity.append(line.equity)
        }
        if times.count == 1 {
            times.append(times[0] + 1)
            equity.append(equity[0])
        }
        return try? EquityChart(times: times, equity: equity, title: "Session \(id) equity", equityName: "Equity", size: ChartSize(width: 900, height: 420)).png()
    }

    static func time(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000)).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    static func money(_ value: Double) -> String { String(format: "%.2f", value) }
    static func number(_ value: Double) -> String { String(format: "%.6g", value) }

    static func stateClass(_ state: String) -> String {
        switch state {
        case "running", "done", "finished", "APPROVED", "active": "ok"
        case "failed", "EXPIRED", "UNUSABLE", "halted": "bad"
        default: "warn"
        }
    }
}

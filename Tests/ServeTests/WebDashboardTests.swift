import Foundation
import Serve
import Store
import Testing

/// The dashboard in a real browser: headless Chromium loads each page, the DOM is checked, and a
/// screenshot of each page lands in out/screenshots/.
@Suite("the web dashboard in headless Chromium", .serialized)
struct WebDashboardTests {
    static let browser = ["/usr/bin/chromium", "/usr/bin/chromium-headless-shell", "/usr/bin/google-chrome"].first(where: FileManager.default.isExecutableFile)

    /// Runs the browser on `url`: the DOM after load, and a screenshot at `screenshot`.
    static func load(_ url: String, screenshot: String) throws -> String {
        let common = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + NSTemporaryDirectory() + "spark-chromium-\(UUID().uuidString.prefix(6))"]
        let dom = try run(common + ["--dump-dom", url])
        _ = try run(common + ["--window-size=1280,900", "--screenshot=" + screenshot, url])
        return dom
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser!)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test("every page renders its content with JavaScript off, and each is screenshotted")
    func pagesInABrowser() async throws {
        guard Self.browser != nil else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "no headless Chromium: .ci/setup installs chromium")
            return
        }
        let project = try ServeProject.make()
        try FileManager.default.createDirectory(atPath: project.root + "/out", withIntermediateDirectories: true)
        let store = try AppDatabase.open(path: project.root + "/out/spark.db")
        let now = Int64(Date().timeIntervalSince1970 * 1000) / 60_000 * 60_000
        try store.upsert((0..<30).map { StoredBar(symbol: "BTCUSDT", interval: "1m", time: now - Int64(30 - $0) * 60_000, open: 30_000, high: 30_010, low: 29_990, close: 30_005, volume: 1) })
        try store.saveQuality(StoredQuality(symbol: "BTCUSDT", interval: "1m", checkedRows: 30, failedFatal: [], resultJSON: "{}"))
        try store.saveDecisions(run: "r1", [StoredDecision(time: now, mode: "paper", strategy: "sma_cross", verdict: "reject", rule: "max_position", code: "limit", symbol: "BTCUSDT", policySHA256: nil, paramsSHA256: "p", recordJSON: "{}")])
        let server = try await project.start([.executor, .backtest, .web])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let executor = ServeClient(port: server.ports[.executor]!)
        let id = try await SupervisionTests.start(executor, project, speed: "600")
        _ = try await ServeClient(port: server.ports[.backtest]!).signed("POST", "/jobs", key: project.desk.quant, json: BacktestServiceTests.job)
        _ = try await BacktestServiceTests.waitDone(ServeClient(port: server.ports[.backtest]!), 1)
        _ = try await executor.signed("POST", "/kill", key: project.desk.quant, json: ["on": true, "level": 1, "reason": "browser test"])
        try await Task.sleep(for: .seconds(1))
        let shots = ServeProject.repo + "/out/screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let web = "http://127.0.0.1:\(server.ports[.web]!)"
        let overview = try Self.load(web + "/", screenshot: shots + "/overview.png")
        #expect(overview.contains("Kill switch ON at level 1: browser test"), "\(overview.prefix(400))")
        #expect(overview.contains(">\(id)</a>") && overview.contains("sma_cross"))
        let session = try Self.load(web + "/sessions/\(id)", screenshot: shots + "/session.png")
        #expect(session.contains("Recent decisions") && session.contains("equity.png"))
        #expect(!session.contains("nil") && !session.contains("Strategy halted"), "nothing unset prints: \(session)")
        let approvals = try Self.load(web + "/approvals", screenshot: shots + "/approvals.png")
        #expect(approvals.contains("APPROVED") && approvals.contains("sma_cross params") && approvals.contains("rita [risk]"))
        let risk = try Self.load(web + "/risk", screenshot: shots + "/risk.png")
        #expect(risk.contains("max_position") && risk.contains("reject"))
        let data = try Self.load(web + "/data", screenshot: shots + "/data.png")
        #expect(data.contains("BTCUSDT") && data.contains("passed (30 rows)"))
        let jobs = try Self.load(web + "/jobs", screenshot: shots + "/jobs.png")
        #expect(jobs.contains("/jobs/1/report.html") && jobs.contains(">done<"))
        for name in ["overview", "session", "approvals", "risk", "data", "jobs"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(shots)/\(name).png")[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(name).png was written")
        }
        let png = try await ServeClient(port: server.ports[.web]!).get("/sessions/\(id)/equity.png")
        #expect(png.status == 200 && png.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test("the dashboard changes nothing: a POST is not a route, and a missing session is a 404 page")
    func readOnly() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.web])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.web]!)
        let post = try await client.send("POST", "/", body: Data(), headers: [:]).status
        #expect(post == 405 || post == 404, "POST / answered \(post)")
        #expect(try await client.get("/sessions/nope").status == 404)
        let page = try await client.get("/")
        #expect(page.status == 200)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("Kill switch off") && !html.contains("nil"))
        #expect(!html.contains("<script"), "no JavaScript")
    }
}

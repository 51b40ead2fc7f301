import Foundation
import Testing

/// The metric names the dashboards and alerts use: in the catalog, in a scrape, and the alerts in
/// docs/operations.md (issue 17, items 3 and 4).
@Suite("Dashboard and alert names")
struct DeployNamesTests {
    /// The catalog's families as a scrape would show them with no samples: `# HELP` and `# TYPE` lines.
    static func catalogScrape(without excluded: Set<String> = []) throws -> String {
        let catalog = try Repo.read("docs/prometheus-metrics.md")
        var text = ""
        for row in catalog.split(separator: "\n") where row.hasPrefix("| `spark_") {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            guard !excluded.contains(name) else { continue }
            let type = cells[1].split(separator: " ").first.map(String.init) ?? "gauge"
            text += "# HELP \(name) \(cells[3])\n# TYPE \(name) \(type)\n"
        }
        return text
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "spark-scrape-\(UUID().uuidString.prefix(8)).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("--names prints the metric families, histogram suffixes stripped, Prometheus's own up left out")
    func namesAreFamilies() throws {
        let run = try DeployCheck.run(["--names"])
        #expect(run.status == 0, "\(run.stderr)")
        let names = run.stdout.split(separator: "\n").map(String.init)
        #expect(names == names.sorted() && names.count == Set(names).count)
        #expect(names.count >= 30, "\(names)")
        for name in ["spark_kill_switch_level", "spark_md_ingest_lag_seconds", "spark_order_ack_latency_seconds",
                     "spark_strategy_expected_interval_seconds", "spark_venue_ban_until_timestamp_seconds"] {
            #expect(names.contains(name), "--names lacks \(name)")
        }
        #expect(names.allSatisfy { $0.hasPrefix("spark_") && !$0.hasSuffix("_bucket") && !$0.hasSuffix("_count") })
    }

    @Test("a scrape with every catalog family passes; one without the kill switch fails, naming the alert that needs it",
          .enabled(if: DeployCheck.promtoolTestsRun))
    func scrapeMustShowEveryName() throws {
        let full = try Self.write(Self.catalogScrape())
        let partial = try Self.write(Self.catalogScrape(without: ["spark_kill_switch_level"]))
        defer { for path in [full, partial] { try? FileManager.default.removeItem(atPath: path) } }
        let passing = try DeployCheck.run(["--scrape", full])
        #expect(passing.status == 0, "\(passing.stderr)")
        #expect(passing.stdout.contains("all in"), "\(passing.stdout)")
        let failing = try DeployCheck.run(["--scrape", partial])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("metric spark_kill_switch_level is not in the scrape; it is used by"), "\(failing.stderr)")
        #expect(failing.stderr.contains("alert SparkKillSwitchOrBreakerEngaged"), "\(failing.stderr)")
        #expect(failing.stderr.split(separator: "\n").filter { $0.contains("is not in the scrape") }.count == 1, "\(failing.stderr)")
    }

    @Test("docs/operations.md has a section for each alert of alerts.yml, and no other")
    func alertsAreDocumented() throws {
        let alerts = DeployCheck.alertNames(try Repo.read("deploy/prometheus/alerts.yml"))
        #expect(alerts.count == 8, "\(alerts)")
        let doc = try Repo.read("docs/operations.md")
        let section = try #require(doc.components(separatedBy: "\n## Alerts").dropFirst().first?.components(separatedBy: "\n## ").first)
        let headings = section.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { $0.dropFirst(4).trimmingCharacters(in: .whitespaces) }
        #expect(headings == alerts, "docs/operations.md's alert headings \(headings) differ from alerts.yml's \(alerts)")
        for alert in alerts {
            let body = section.components(separatedBy: "### \(alert)\n").dropFirst().first?.components(separatedBy: "\n### ").first ?? ""
            #expect(body.contains("**What to do.**"), "docs/operations.md: \(alert) has no **What to do.** runbook")
        }
    }

    @Test("docs/operations.md names every dashboard and every panel it shows")
    func panelsAreDocumented() throws {
        let doc = try Repo.read("docs/operations.md")
        let directory = Repo.path("deploy/grafana/dashboards")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 4)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
            let board = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let title = try #require(board["title"] as? String)
            #expect(doc.contains("### \(title)"), "docs/operations.md has no `### \(title)` section")
            let section = doc.components(separatedBy: "### \(title)").dropFirst().first?.components(separatedBy: "\n### ").first ?? ""
            for panel in board["panels"] as? [[String: Any]] ?? [] {
                let name = panel["title"] as? String ?? ""
                #expect(section.contains("**\(name)**"), "docs/operations.md's \(title) section does not explain panel **\(name)**")
            }
        }
    }
}

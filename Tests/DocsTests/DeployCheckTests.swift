import Foundation
import Testing

/// The Grafana dashboards and Prometheus alerts under deploy/, through their validator `deploy/check`
/// (issue 17, items 3 and 4).
@Suite("Dashboards and alerts validate")
struct DeployCheckTests {
    static let dashboards = "deploy/grafana/dashboards"

    @Test("deploy/check passes on the committed dashboards, alert rules and alert tests", .enabled(if: DeployCheck.promtoolTestsRun))
    func committedFilesPass() throws {
        #expect(DeployCheck.promtoolAvailable, "promtool is missing: `bash .ci/setup` installs the prometheus package (on CI this fails, never skips)")
        let run = try DeployCheck.run()
        #expect(run.status == 0, "deploy/check failed:\n\(run.stderr)")
        #expect(run.stdout.contains("ok: 4 dashboards"), "\(run.stdout)")
        #expect(run.stdout.contains("8 alerts and their tests"), "\(run.stdout)")
    }

    @Test("a broken dashboard fails, naming the file, the panel and each fault", .enabled(if: DeployCheck.promtoolTestsRun))
    func brokenDashboardFails() throws {
        let directory = try DeployCheck.copy(Self.dashboards)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(Self.brokenDashboard.utf8).write(to: URL(fileURLWithPath: directory + "/spark-broken.json"))
        try FileManager.default.copyItem(atPath: directory + "/spark-market-data.json", toPath: directory + "/spark-market-data-copy.json")
        let run = try DeployCheck.run(["--dashboards", directory])
        #expect(run.status == 1)
        for fault in [
            "spark-broken.json: panel 1 \"Duplicate\": id 1 is also the id of panel \"Fills\"",
            "spark-broken.json: panel 3 \"Overlapping\": overlaps panel 1 \"Fills\"",
            "spark-broken.json: panel 3 \"Overlapping\" query A: could not parse expression",
            "unclosed left parenthesis in `sum(rate(spark_fills_total[5m])`",
            "spark-broken.json: panel 4 \"Too wide\": gridPos x 20 + w 10 = 30 is wider than the 24-column grid",
            "spark-broken.json: panel 4 \"Too wide\" query A: the expression is empty",
            "spark-broken.json: panel 5 \"Other source\": the panel uses datasource \"prometheus\", not the uid variable ${datasource}",
            "spark-broken.json: panel 5 \"Other source\" query A: label venue is not a label of spark_pnl",
            "spark-market-data.json: uid \"spark-market-data\" is also the uid of",
            "spark-broken.json: panel 1 \"Duplicate\" query A: label strategyy in `by (strategyy)` is not a label of spark_pnl",
            "spark-broken.json: panel 1 \"Duplicate\" query A: legend {{symbol}} names a label the query does not keep",
        ] {
            #expect(run.stderr.contains(fault), "no `\(fault)` in:\n\(run.stderr)")
        }
        // The four good dashboards add nothing: every problem line is about the two bad files.
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("deploy/check:") }
        #expect(lines.allSatisfy { $0.contains("spark-broken.json") || $0.contains("spark-market-data") }, "\(run.stderr)")
    }

    @Test("an alert that no longer fires when it should fails its promtool tests", .enabled(if: DeployCheck.promtoolTestsRun))
    func weakenedAlertFailsItsTests() throws {
        let directory = try DeployCheck.copy("deploy/prometheus")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rules = try String(contentsOfFile: directory + "/alerts.yml", encoding: .utf8)
        let threshold = "(spark_orders_unknown_oldest_age_seconds) > 60"
        #expect(rules.contains(threshold))
        try rules.replacingOccurrences(of: threshold, with: "(spark_orders_unknown_oldest_age_seconds) > 600")
            .write(toFile: directory + "/alerts.yml", atomically: true, encoding: .utf8)
        let run = try DeployCheck.run(["--prometheus", directory])
        #expect(run.status == 1)
        #expect(run.stderr.contains("alerts_test.yml: promtool test rules failed"), "\(run.stderr)")
        #expect(run.stderr.contains("alertname: SparkOrdersUnresolved"), "\(run.stderr)")
    }

    @Test("an alert without for:, or with a query that does not parse, is named", .enabled(if: DeployCheck.promtoolTestsRun))
    func malformedAlertIsNamed() throws {
        let directory = try DeployCheck.copy("deploy/prometheus")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rules = try String(contentsOfFile: directory + "/alerts.yml", encoding: .utf8)
        rules = rules.replacingOccurrences(of: "expr: up{job=\"spark\"} == 0\n        for: 1m\n", with: "expr: up{job=\"spark\"} == 0\n")
        rules = rules.replacingOccurrences(of: "(spark_orders_unknown_oldest_age_seconds) > 60", with: "(spark_orders_unknown_oldest_age_seconds > 60")
        try rules.write(toFile: directory + "/alerts.yml", atomically: true, encoding: .utf8)
        let run = try DeployCheck.run(["--prometheus", directory])
        #expect(run.status == 1)
        #expect(run.stderr.contains("alerts.yml: alert SparkDown: has no `for:`"), "\(run.stderr)")
        #expect(run.stderr.contains("alerts.yml: promtool check rules failed"), "\(run.stderr)")
    }

    /// Faults in one file: a duplicate id with a misspelt grouping label and a legend of a label
    /// aggregated away, an overlap with an unparsable query, a panel past column 24 with an empty
    /// query, and a fixed data source with a label its metric lacks.
    static let brokenDashboard = """
    {"uid": "spark-broken", "title": "Broken", "schemaVersion": 39,
     "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
     "panels": [
      {"id": 1, "type": "timeseries", "title": "Fills", "datasource": {"type": "prometheus", "uid": "${datasource}"},
       "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0}, "targets": [{"refId": "A", "expr": "sum(rate(spark_fills_total[5m]))"}]},
      {"id": 1, "type": "timeseries", "title": "Duplicate", "datasource": {"type": "prometheus", "uid": "${datasource}"},
       "gridPos": {"h": 8, "w": 12, "x": 12, "y": 0},
       "targets": [{"refId": "A", "expr": "sum by (strategyy) (spark_pnl)", "legendFormat": "{{symbol}}"}]},
      {"id": 3, "type": "timeseries", "title": "Overlapping", "datasource": {"type": "prometheus", "uid": "${datasource}"},
       "gridPos": {"h": 8, "w": 12, "x": 6, "y": 4}, "targets": [{"refId": "A", "expr": "sum(rate(spark_fills_total[5m])"}]},
      {"id": 4, "type": "stat", "title": "Too wide", "datasource": {"type": "prometheus", "uid": "${datasource}"},
       "gridPos": {"h": 4, "w": 10, "x": 20, "y": 20}, "targets": [{"refId": "A", "expr": "  "}]},
      {"id": 5, "type": "stat", "title": "Other source", "datasource": "prometheus",
       "gridPos": {"h": 4, "w": 4, "x": 0, "y": 30}, "targets": [{"refId": "A", "expr": "spark_pnl{venue=\\"binance\\"}"}]}
     ]}
    """
}

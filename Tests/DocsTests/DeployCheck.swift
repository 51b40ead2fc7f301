import Foundation

/// Runs `deploy/check`, the validator of the Grafana dashboards and Prometheus rules, and knows
/// whether promtool is here to run it with.
enum DeployCheck {
    /// What one run printed and how it ended.
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// True on a CI runner, where a missing tool fails a test instead of skipping it.
    static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// True when `promtool` is on PATH.
    static var promtoolAvailable: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/promtool") }
    }

    /// Tests that need promtool run when it is here and always on CI, where its absence fails them.
    static var promtoolTestsRun: Bool { promtoolAvailable || onCI }

    /// Runs `deploy/check` of this repository with `arguments`.
    static func run(_ arguments: [String] = []) throws -> Run {
        let outcome = try BlockRunner.run(
            [Repo.path("deploy/check")] + arguments, in: Repo.root, environment: ProcessInfo.processInfo.environment, timeout: 120
        )
        return Run(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    /// A fresh temporary directory holding copies of the repository's `directory` files.
    static func copy(_ directory: String) throws -> String {
        let target = NSTemporaryDirectory() + "spark-deploy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.copyItem(atPath: Repo.path(directory), toPath: target)
        return target
    }

    /// The alert names of a Prometheus rules file, in order (`- alert: Name` lines).
    static func alertNames(_ rules: String) -> [String] {
        rules.split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("- alert:") else { return nil }
            return text.dropFirst("- alert:".count).trimmingCharacters(in: .whitespaces)
        }
    }
}

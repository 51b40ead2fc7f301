import Foundation
import Testing
import Approvals
import SparkConfig
import Workflow
@testable import LiveLaunch

/// A throwaway project approved for live, and a credentials file for it.
enum LaunchProject {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let secret = "SparkTestSecret-do-not-leak-7f3a9c"

    static func make(pinned: Bool = true, mode: Int = 0o600) throws -> (LiveLaunchRequest, credentials: String, desk: LiveDesk) {
        let root = NSTemporaryDirectory() + "spark-live-launch/\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repo + "/policies", toPath: root + "/policies")
        try "spark: 1\nname: launch\nlive: { account: test1 }\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let project = try Project(root: root)
        let now = Date().addingTimeInterval(-3_600)
        let desk = try LiveDesk.create(project: project, strategiesDirectory: repo + "/strategies", keysDirectory: root + "/keys", now: now)
        let strategy = repo + "/strategies/sma_cross.lua"
        try desk.approveForLive(strategyPath: strategy, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: project.policiesDirectory + "/default.yaml", now: now)
        let credentials = NSTemporaryDirectory() + "spark-live-launch/creds-\(UUID().uuidString.prefix(8)).yaml"
        let pins = pinned ? "project_root: \(root)\nrisk_key_fingerprints:\n" + (try desk.riskFingerprints).map { "  - \($0)\n" }.joined() : ""
        try "api_key: test-api-key\nhmac_secret: \(secret)\n\(pins)".write(toFile: credentials, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: credentials)
        var request = LiveLaunchRequest(project: project, strategyPath: strategy, symbol: "BTCUSDT", journalPath: root + "/live.jsonl")
        request.credentialsPath = credentials
        return (request, credentials, desk)
    }

    /// The project root a credentials file pins.
    static func rootOf(credentials: String) throws -> String {
        let text = try String(contentsOfFile: credentials, encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("project_root: ") } ?? ""
        return String(line.dropFirst("project_root: ".count))
    }
}

@Suite("spark live's checks before it touches the exchange")
struct LiveLaunchPrepareTests {
    @Test("pinned owner-only credentials and the project's default policy prepare a launch")
    func prepares() throws {
        let (request, credentials, _) = try LaunchProject.make()
        let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
        #expect(launch.credentialsPath == credentials)
        #expect(launch.policyPath.hasSuffix("/policies/default.yaml"))
        #expect(launch.settings.account == "test1")
        #expect(!"\(launch)".contains(LaunchProject.secret), "the secret never prints")
    }

    @Test("no credentials file anywhere is refused with where to name one")
    func noCredentials() throws {
        var (request, _, _) = try LaunchProject.make()
        request.credentialsPath = nil
        #expect { try LiveLaunch.prepare(request, environment: [:], now: Date()) } throws: { "\($0)".contains("no live credentials file") && "\($0)".contains("SPARK_LIVE_CREDENTIALS") }
    }

    @Test("credentials readable by others are refused, and the secret is not in the error")
    func groupReadable() throws {
        let (request, _, _) = try LaunchProject.make(mode: 0o644)
        #expect { try LiveLaunch.prepare(request, environment: [:], now: Date()) } throws: { "\($0)".contains("chmod 600") && !"\($0)".contains(LaunchProject.secret) }
    }

    @Test("unpinned credentials are refused")
    func unpinned() throws {
        let (request, _, _) = try LaunchProject.make(pinned: false)
        #expect { try LiveLaunch.prepare(request, environment: [:], now: Date()) } throws: { "\($0)".contains("name no project_root") }
    }

    @Test("SPARK_LIVE_CREDENTIALS names the file when the request does not")
    func environment() throws {
        var (request, credentials, _) = try LaunchProject.make()
        request.credentialsPath = nil
        #expect(try LiveLaunch.prepare(request, environment: ["SPARK_LIVE_CREDENTIALS": credentials], now: Date()).credentialsPath == credentials)
    }

    @Test("a guardrail policy outside the project is refused")
    func policyOutside() throws {
        var (request, _, _) = try LaunchProject.make()
        request.policyPath = LaunchProject.repo + "/policies/default.yaml"
        #expect { try LiveLaunch.prepare(request, environment: [:], now: Date()) } throws: { "\($0)".contains("outside the project's policies directory") }
    }

    @Test("a whole copy of the project, and the project with keys.yaml replaced by another desk's, are refused with the original credentials")
    func copiedProjectWithReplacedKeysRefused() throws {
        let (request, _, _) = try LaunchProject.make()
        let root = request.project.root, keys = request.project.approvalsDirectory + "/keys.yaml"
        #expect(FileManager.default.fileExists(atPath: keys))
        // The whole project, approvals and keys included, copied elsewhere.
        let copy = NSTemporaryDirectory() + "spark-live-launch/copy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.copyItem(atPath: root, toPath: copy)
        var copied = request
        copied.project = try Project(root: copy)
        copied.journalPath = copy + "/live.jsonl"
        #expect { try LiveLaunch.prepare(copied, environment: [:], now: Date()) } throws: { "\($0)".contains("belong to the project at \(root)") }
        // The copy's keys replaced by another desk's, whose risk officers approved it all, then put back in the project's place.
        let (other, _, _) = try LaunchProject.make()
        try FileManager.default.removeItem(atPath: copy + "/approvals/keys.yaml")
        try FileManager.default.copyItem(atPath: other.project.approvalsDirectory + "/keys.yaml", toPath: copy + "/approvals/keys.yaml")
        let original = root + ".original"
        try FileManager.default.moveItem(atPath: root, toPath: original)
        try FileManager.default.moveItem(atPath: copy, toPath: root)
        #expect { try LiveLaunch.prepare(request, environment: [:], now: Date()) } throws: { "\($0)".contains("lacks the pinned risk key") && !"\($0)".contains(LaunchProject.secret) }
        // The project as it was: the same credentials prepare again, so the pins are what refused it.
        try FileManager.default.removeItem(atPath: root)
        try FileManager.default.moveItem(atPath: original, toPath: root)
        _ = try LiveLaunch.prepare(request, environment: [:], now: Date())
    }

    @Test("a credentials file inside the project, or inside the git repository holding it, is refused", arguments: ["project", "repository"])
    func credentialsInsideRepositoryRefused(_ place: String) throws {
        var (request, credentials, _) = try LaunchProject.make()
        var project = request.project.root
        if place == "repository" {
            // The project as a folder of a git work tree.
            let repository = NSTemporaryDirectory() + "spark-live-repo-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: repository + "/.git", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: project, toPath: repository + "/desk")
            project = Project.canonical(repository + "/desk")
            request.project = try Project(root: project)
            request.journalPath = project + "/live.jsonl"
        }
        let text = try String(contentsOfFile: credentials, encoding: .utf8).replacingOccurrences(of: "project_root: \(LaunchProject.rootOf(credentials: credentials))", with: "project_root: \(project)")
        let inside = place == "project" ? project + "/secrets/binance.yaml" : (project as NSString).deletingLastPathComponent + "/ops/binance.yaml"
        let outside = NSTemporaryDirectory() + "spark-live-launch/outside-\(UUID().uuidString.prefix(8)).yaml"
        for file in [inside, outside] {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        request.credentialsPath = inside
        #expect { try LiveLaunch.prepare(request, environment: [:], now: Date()) } throws: { "\($0)".contains("must live outside it") }
        request.credentialsPath = nil
        #expect { try LiveLaunch.prepare(request, environment: ["SPARK_LIVE_CREDENTIALS": inside], now: Date()) } throws: { "\($0)".contains("must live outside it") }
        request.credentialsPath = outside
        #expect(try LiveLaunch.prepare(request, environment: [:], now: Date()).credentialsPath == outside, "the same file outside the repository is accepted")
    }
}

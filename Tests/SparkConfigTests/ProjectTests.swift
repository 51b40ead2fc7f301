import Foundation
import Testing
@testable import SparkConfig

@Suite("The project: spark.yaml found upwards or named by SPARK_PROJECT")
struct ProjectTests {
    @Test("a command run from a subdirectory acts on the project above it")
    func walksUp() throws {
        let root = try Scratch.project(name: "desk")
        let nested = root + "/strategies/deep/er"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        let project = try Project.locate(from: nested, environment: [:])
        #expect(project.root == Project.canonical(root))
        #expect(project.settings.name == "desk")
        #expect(project.stateDirectory == Project.canonical(root) + "/state")
        #expect(project.approvalsDirectory == Project.canonical(root) + "/approvals")
        #expect(project.policiesDirectory == Project.canonical(root) + "/policies")
    }

    @Test("SPARK_PROJECT names the project wherever the command runs")
    func environmentNamesIt() throws {
        let root = try Scratch.project(name: "named")
        let elsewhere = Scratch.directory()
        #expect(try Project.locate(from: elsewhere, environment: ["SPARK_PROJECT": root]).root == Project.canonical(root))
    }

    @Test("SPARK_PROJECT naming a directory without spark.yaml is refused, not searched past")
    func environmentWithoutFile() throws {
        let inside = try Scratch.project(name: "outer")
        let bare = Scratch.directory()
        #expect {
            try Project.locate(from: inside, environment: ["SPARK_PROJECT": bare])
        } throws: { error in
            (error as? ConfigError)?.code == .project && "\(error)".contains("names no Spark project")
        }
    }

    @Test("outside any project the error says so and how to fix it")
    func outside() throws {
        let bare = Scratch.directory()
        #expect {
            try Project.locate(from: bare, environment: [:])
        } throws: { error in
            (error as? ConfigError)?.code == .project && "\(error)".contains("not inside a Spark project") && "\(error)".contains("SPARK_PROJECT")
        }
    }

    @Test("spark.yaml is strict: unknown keys, a missing or unknown format version and bad names are refused with their place", arguments: [
        ("spark: 1\nname: a\nstate: /tmp/elsewhere\n", "3:1", "unknown key 'state'"),
        ("name: a\n", "1:1", "no format version"),
        ("spark: 2\nname: a\n", "1:8", "format 2"),
        ("spark: 01\nname: a\n", "1:8", "whole number written plainly"),
        ("spark: 1\nname: \"a b\"\n", "2:7", "must be letters"),
        ("spark: 1\nname: a\nname: b\n", "3:1", "duplicate key 'name'"),
    ])
    func strictFile(text: String, place: String, message: String) throws {
        let root = Scratch.directory()
        try text.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        #expect {
            try Project(root: root)
        } throws: { error in
            "\(error)".contains("spark.yaml:\(place): error:") && "\(error)".contains(message)
        }
    }

    @Test("spark.yaml's fees are read strictly: maker defaults to taker, slippage to 0, none means 0 and says so")
    func fees() throws {
        let root = Scratch.directory()
        try "spark: 1\nname: a\nfees: { taker_bps: 10, slippage_bps: 1 }\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        #expect(try Project(root: root).settings.fees == ProjectSettings.Fees(makerBps: 10, takerBps: 10, slippageBps: 1, isSet: true))
        let bare = try Scratch.project(name: "b")
        #expect(try Project(root: bare).settings.fees == ProjectSettings.Fees())
    }

    @Test("bad fees are refused with their place", arguments: [
        ("spark: 1\nname: a\nfees: { taker_bps: 10, maker: 2 }\n", "3:", "unknown key 'maker'"),
        ("spark: 1\nname: a\nfees: { maker_bps: 2 }\n", "3:7", "fees needs taker_bps"),
        ("spark: 1\nname: a\nfees: { taker_bps: -1 }\n", "3:20", "from 0 to under 10000"),
        ("spark: 1\nname: a\nfees: { taker_bps: \"4\" }\n", "3:20", "written plainly"),
    ])
    func badFees(text: String, place: String, message: String) throws {
        let root = Scratch.directory()
        try text.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        #expect {
            try Project(root: root)
        } throws: { error in
            "\(error)".contains("spark.yaml:\(place)") && "\(error)".contains(message)
        }
    }

    @Test("a path is inside a directory only below it, whatever its spelling")
    func inside() throws {
        let root = try Scratch.project(name: "p")
        #expect(Project.path(root + "/policies/default.yaml", isInside: root + "/policies"))
        #expect(Project.path(root + "/policies/../policies/x.yaml", isInside: root + "/policies"))
        #expect(!Project.path(root + "/policies/../other/x.yaml", isInside: root + "/policies"))
        #expect(!Project.path(root + "/policies-evil/x.yaml", isInside: root + "/policies"))
    }
}

enum Scratch {
    static func directory() -> String {
        let path = NSTemporaryDirectory() + "spark-config-tests/\(UUID().uuidString.prefix(12))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func project(name: String) throws -> String {
        let root = directory()
        try "spark: 1\nname: \(name)\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        return root
    }
}

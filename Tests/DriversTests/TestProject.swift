import Foundation
import SparkConfig

/// Temporary projects: tests never read or write the repository's approvals, policies or state.
enum TestProject {
    /// A fresh project in a scratch directory: spark.yaml and a copy of the repository's policies.
    static func make(_ name: String = "project") throws -> Project {
        let root = Paths.scratch(name)
        try FileManager.default.copyItem(atPath: Paths.repo("policies"), toPath: root + "/policies")
        try "spark: 1\nname: test\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        return try Project(root: root)
    }
}

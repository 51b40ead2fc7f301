import Approvals
import ArgumentParser
import Engine
import SparkConfig
import Foundation
import SparkCore

/// Error presentation shared by the commands: user mistakes print as themselves, not as Swift dumps.
enum CLI {
    static func warn(_ message: String) {
        StandardError.write(message + "\n")
    }

    /// The one wall clock every command reads, with sub-second precision. Debug builds honour
    /// `SPARK_NOW` (ISO 8601) so black-box tests can set the time; release builds never do.
    static func now() -> Date {
        #if DEBUG
        if let fixed = ProcessInfo.processInfo.environment["SPARK_NOW"], !fixed.isEmpty {
            guard let date = ApprovalTime.parse(fixed) else {
                warn("SPARK_NOW=\(fixed) is not an ISO 8601 time; using the system clock")
                return Date()
            }
            return date
        }
        #endif
        return Date()
    }

    /// The project the command acts on (`$SPARK_PROJECT`, or the nearest spark.yaml above the working
    /// directory); printed, so the operator sees whose approvals and state were read or changed.
    static func project() throws -> Project {
        let project = try guarded { try Project.locate() }
        print("project \(project.settings.name): \(project.root)")
        return project
    }

    /// Who runs the command, for the audit log.
    static var user: String { ProcessInfo.processInfo.environment["USER"] ?? "unknown" }

    /// Creates the directory that will hold `path` (the store's default lives under out/).
    static func ensureDirectory(for path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Runs `body`; a failure prints its own description and exits 1 (2 for a bad flag).
    static func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ValidationError {
            throw error
        } catch {
            warn("\(error)")
            throw ExitCode.failure
        }
    }

    static func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            warn("\(error)")
            throw ExitCode.failure
        }
    }
}

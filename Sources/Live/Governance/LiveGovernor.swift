public import Approvals
public import Session
public import Foundation
import Desk

/// Between a live session's inputs: whether its approval still stands, and whether a changed
/// policy file may take over.
///
/// A policy file changed on disk takes over only when the gate clears the session with the new
/// file's hash: a live approval of the params under the new guardrail policy, and an approved,
/// unexpired, unrevoked, unsuperseded policy proposal for the file. Otherwise the version in force
/// stays and the refusal is reported once per new hash. The gate is always asked about the hashes
/// in force, never the ones on disk, so a refused edit does not stop a session whose approval stands.
public final class LiveGovernor {
    /// What the session must do after a poll.
    public enum Decision: Sendable, Equatable {
        /// The changed file `file` (a name under policies/) takes over at `hash`; the session reloads
        /// the guardrail policy when `file` is it.
        case adopt(file: String, hash: String)
        /// The change to `file` (now hashing `hash`) lacks a valid live approval; the version in force stays.
        case refused(file: String, hash: String, reason: String)
        /// The approval of what runs no longer stands (expired, revoked, superseded): no new orders.
        case lapsed(reason: String)
        /// The approval stands again (a new approval of what runs).
        case restored
    }

    private let check: LaunchCheck
    private var launch: LaunchGate.Launch
    private let guardrailFile: String
    /// Hash of each policy file in force, by file name.
    public private(set) var inForce: [String: String]
    private var reported: Set<String> = []
    public private(set) var lapsed: String?

    /// Starts from the files as they are (the gate cleared them at launch); `guardrailPolicy` is the
    /// path of the guardrail policy the session loaded.
    public init(check: LaunchCheck, launch: LaunchGate.Launch, guardrailPolicy: String) throws {
        self.check = check
        self.launch = launch
        guardrailFile = (guardrailPolicy as NSString).lastPathComponent
        let (hashes, unreadable) = Self.hashes(check)
        if let (file, reason) = unreadable.first {
            throw ConfigError(.refused, "policy file \(file) does not load: \(reason)", file: "\(check.project.policiesDirectory)/\(file)")
        }
        inForce = hashes
    }

    /// Asks the gate about the files now on disk and about what is in force; returns what changed.
    public func poll(now: Date) -> [Decision] {
        var (onDisk, unreadable) = Self.hashes(check)
        var decisions: [Decision] = []
        for (file, reason) in unreadable.sorted(by: { $0.key < $1.key }) {
            // A file that no longer loads cannot take over; the version in force stays.
            onDisk[file] = inForce[file]
            if reported.insert("\(file)@\(reason)").inserted { decisions.append(.refused(file: file, hash: "", reason: reason)) }
        }
        let changed = onDisk.filter { inForce[$0.key] != $0.value }.keys.sorted()
        if !changed.isEmpty {
            do {
                let next = try clearance(onDisk, now: now)
                inForce = onDisk
                launch = next
                decisions += changed.map { .adopt(file: $0, hash: onDisk[$0]!) }
            } catch {
                for file in changed where reported.insert("\(file)@\(onDisk[file]!)").inserted {
                    decisions.append(.refused(file: file, hash: onDisk[file]!, reason: Self.text(error)))
                }
            }
        }
        do {
            _ = try clearance(inForce, now: now)
            if lapsed != nil { decisions.append(.restored) }
            lapsed = nil
        } catch {
            let reason = Self.text(error)
            if lapsed != reason { decisions.append(.lapsed(reason: reason)) }
            lapsed = reason
        }
        return decisions
    }

    /// The gate's answer for the policy files at `hashes` (and the guardrail policy among them).
    private func clearance(_ hashes: [String: String], now: Date) throws -> LaunchGate.Launch {
        var next = launch
        next.guardrailPolicy = hashes[guardrailFile] ?? launch.guardrailPolicy
        let fixed = hashes
        let gate = LaunchGate(
            approvalsDirectory: check.project.approvalsDirectory, policiesDirectory: check.project.policiesDirectory,
            stateDirectory: check.project.stateDirectory, policyHash: { path in
                guard let hash = fixed[(path as NSString).lastPathComponent] else { throw ConfigError(.unreadable, "no such policy file in force", file: path) }
                return hash
            }
        )
        _ = try gate.recheck(next, now: now)
        return next
    }

    /// Each policy file's identity, and why each file that does not load failed.
    private static func hashes(_ check: LaunchCheck) -> (hashes: [String: String], unreadable: [String: String]) {
        let directory = check.project.policiesDirectory
        var hashes: [String: String] = [:], unreadable: [String: String] = [:]
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where file.hasSuffix(".yaml") {
            do {
                hashes[file] = try check.policyHash("\(directory)/\(file)")
            } catch {
                unreadable[file] = text(error)
            }
        }
        return (hashes, unreadable)
    }

    private static func text(_ error: any Error) -> String {
        (error as? ConfigError)?.message ?? "\(error)"
    }
}

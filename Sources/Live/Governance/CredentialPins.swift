public import SparkConfig
import Approvals
import Foundation

/// What a live credentials file pins besides its secrets: the project it belongs to and the
/// fingerprints of that project's risk-role keys.
///
/// Approvals are only as good as the keys that sign them. A copy of the project whose keys.yaml was
/// replaced (or extended with one more risk key) could approve any policy; the credentials that can
/// trade real money therefore name the project root and every risk key they trust, and `spark live`
/// refuses them anywhere else.
public struct CredentialPins: Sendable, Equatable {
    /// The project root the credentials belong to (`project_root:`), as written.
    public var projectRoot: String?
    /// SHA-256 hex of each trusted risk key's raw public key (`risk_key_fingerprints:`); at least the
    /// first 16 digits (the key id `spark keys list` shows).
    public var riskKeyFingerprints: [String]

    public init(projectRoot: String?, riskKeyFingerprints: [String]) {
        self.projectRoot = projectRoot
        self.riskKeyFingerprints = riskKeyFingerprints
    }

    /// Refuses unless the credentials name `project` and its keys.yaml holds exactly the pinned risk keys.
    /// `file` names the credentials file in errors (its contents never appear).
    public func check(project: Project, file: String) throws(ConfigError) {
        let fix = "pin this project in the credentials file: project_root: \(project.root) and risk_key_fingerprints: [...] (docs/live.md, \"Credentials\")"
        guard let projectRoot else {
            throw ConfigError(.refused, "the live credentials name no project_root; live credentials must be pinned to one project", file: file, hint: fix)
        }
        guard Project.canonical(projectRoot) == project.root else {
            throw ConfigError(
                .refused, "these live credentials belong to the project at \(projectRoot), not to \(project.root)", file: file,
                hint: "run spark live from the project the credentials were issued for, or issue credentials for this one"
            )
        }
        let pins = riskKeyFingerprints.map { $0.lowercased() }
        guard !pins.isEmpty else {
            throw ConfigError(.refused, "the live credentials pin no risk key (risk_key_fingerprints is empty)", file: file, hint: fix)
        }
        if let bad = pins.first(where: { $0.count < 16 || $0.count > 64 || !$0.allSatisfy(\.isHexDigit) }) {
            throw ConfigError(.value, "risk key fingerprint '\(bad)' must be 16 to 64 hex digits (spark keys list shows each key's id)", file: file)
        }
        let riskKeys = try Self.riskKeys(project: project)
        for pin in pins where !riskKeys.contains(where: { $0.fingerprint.hasPrefix(pin) }) {
            throw ConfigError(
                .refused, "\(project.approvalsDirectory)/keys.yaml lacks the pinned risk key \(pin.prefix(16)): its keys were replaced or the key lost its risk role",
                file: file, hint: "restore keys.yaml from the project's history; a new risk key needs its fingerprint added to the credentials file"
            )
        }
        for key in riskKeys where !pins.contains(where: { key.fingerprint.hasPrefix($0) }) {
            throw ConfigError(
                .refused, "\(project.approvalsDirectory)/keys.yaml holds risk key \(key.fingerprint.prefix(16)) (\(key.owner)) that the live credentials do not pin",
                file: file, hint: "if the key is legitimate, add its fingerprint to risk_key_fingerprints in the credentials file"
            )
        }
    }

    /// The project's unrevoked risk-role keys with their full fingerprints.
    private static func riskKeys(project: Project) throws(ConfigError) -> [(owner: String, fingerprint: String)] {
        let ring: KeyRing
        do {
            ring = try KeyRing.load(path: ApprovalStore(directory: project.approvalsDirectory, stateDirectory: project.stateDirectory).keysPath)
        } catch {
            throw ConfigError(.refused, "cannot read the project's keys to check the credentials' pins: \(error.message)", file: "\(project.approvalsDirectory)/keys.yaml")
        }
        return ring.keys.filter { $0.roles.contains("risk") && $0.revoked == nil }.map { ($0.owner, CanonicalJSON.sha256Hex($0.publicKey)) }
    }
}

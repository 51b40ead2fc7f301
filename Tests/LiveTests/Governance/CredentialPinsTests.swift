import Foundation
import Testing
import Approvals
import SparkConfig
@testable import Live

@Suite("Live credentials are pinned to one project and its risk keys")
struct CredentialPinsTests {
    /// A project with keys.yaml holding `owners`' keys; the first two carry the risk role.
    static func project(owners: [String] = ["rita", "ravi", "alice"], seed: UInt8 = 1) throws -> (Project, [KeyRecord]) {
        let root = NSTemporaryDirectory() + "spark-live-pins/\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: root + "/approvals", withIntermediateDirectories: true)
        try "spark: 1\nname: pins\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let keys = owners.enumerated().map { index, owner in
            KeyRecord(owner: owner, roles: index < 2 ? ["risk"] : ["quant"], publicKey: Data(repeating: seed &+ UInt8(index), count: 32), created: Date(timeIntervalSince1970: 0))
        }
        try KeyRing(keys: keys).save(path: root + "/approvals/keys.yaml")
        return (try Project(root: root), keys)
    }

    static func fingerprint(_ key: KeyRecord) -> String { CanonicalJSON.sha256Hex(key.publicKey) }

    @Test("credentials pinned to this project and its risk keys pass, by full fingerprint or key id")
    func pinnedPass() throws {
        let (project, keys) = try Self.project()
        try CredentialPins(projectRoot: project.root, riskKeyFingerprints: [Self.fingerprint(keys[0]), keys[1].id]).check(project: project, file: "creds.yaml")
    }

    @Test("a copied project whose keys were replaced is refused")
    func replacedKeysRefused() throws {
        let (original, keys) = try Self.project()
        let pins = CredentialPins(projectRoot: original.root, riskKeyFingerprints: keys.prefix(2).map(Self.fingerprint))
        let (copy, _) = try Self.project(seed: 100)
        #expect { try pins.check(project: copy, file: "creds.yaml") } throws: { "\($0)".contains("belong to the project at") }
        let moved = CredentialPins(projectRoot: copy.root, riskKeyFingerprints: pins.riskKeyFingerprints)
        #expect { try moved.check(project: copy, file: "creds.yaml") } throws: { "\($0)".contains("lacks the pinned risk key") }
    }

    @Test("a risk key added to keys.yaml without a pin is refused")
    func unpinnedRiskKeyRefused() throws {
        let (project, keys) = try Self.project()
        let pins = CredentialPins(projectRoot: project.root, riskKeyFingerprints: [Self.fingerprint(keys[0])])
        #expect { try pins.check(project: project, file: "creds.yaml") } throws: { "\($0)".contains("that the live credentials do not pin") && "\($0)".contains("ravi") }
    }

    @Test("credentials without a project root or without risk pins are refused, and bad fingerprints say so")
    func missingPinsRefused() throws {
        let (project, keys) = try Self.project()
        #expect { try CredentialPins(projectRoot: nil, riskKeyFingerprints: [keys[0].id]).check(project: project, file: "c") } throws: { "\($0)".contains("name no project_root") }
        #expect { try CredentialPins(projectRoot: project.root, riskKeyFingerprints: []).check(project: project, file: "c") } throws: { "\($0)".contains("pin no risk key") }
        #expect { try CredentialPins(projectRoot: project.root, riskKeyFingerprints: ["xyz"]).check(project: project, file: "c") } throws: { "\($0)".contains("16 to 64 hex digits") }
    }
}

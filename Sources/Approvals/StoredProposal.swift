import Foundation

/// A proposal directory as found on disk, before anything in it is trusted.
///
/// `approvals/proposals/<id>/` holds `proposal.yaml` (for people), `proposal.dsse.json` (the
/// proposer's signed statement) and `signatures/<key id>.dsse.json` (one approval each).
public struct StoredProposal: Sendable {
    public var id: String
    public var directory: String
    public var proposerEnvelope: Envelope?
    /// SHA-256 of proposal.dsse.json's bytes, as the tracked audit log records it.
    public var proposerEnvelopeHash: String?
    public var approvals: [(file: String, envelope: Envelope?, sha256: String?)]
    /// The human-readable proposal file, shown by status; never trusted by the gate.
    public var document: String?

    /// The trailing number of the id: later proposals for the same subject have larger numbers.
    public var sequence: Int {
        Int(id.split(separator: "-").last ?? "") ?? 0
    }

    static func read(directory: String, id: String) -> StoredProposal {
        let manager = FileManager.default
        let proposerData = manager.contents(atPath: "\(directory)/proposal.dsse.json")
        let signatureDirectory = "\(directory)/signatures"
        let names = ((try? manager.contentsOfDirectory(atPath: signatureDirectory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        let approvals = names.map { name in
            let data = manager.contents(atPath: "\(signatureDirectory)/\(name)")
            return (file: "\(signatureDirectory)/\(name)", envelope: data.flatMap(Envelope.parse), sha256: data.map(CanonicalJSON.sha256Hex))
        }
        let document = manager.contents(atPath: "\(directory)/proposal.yaml").map { String(decoding: $0, as: UTF8.self) }
        return StoredProposal(
            id: id, directory: directory, proposerEnvelope: proposerData.flatMap(Envelope.parse), proposerEnvelopeHash: proposerData.map(CanonicalJSON.sha256Hex),
            approvals: approvals, document: document
        )
    }
}

public import Foundation
import Crypto

/// An Ed25519 private key held in the user's key directory (never in the repository, never printed).
public struct SigningKey: Sendable {
    private static let magic = "spark-ed25519-private-key v1"

    private let privateKey: Curve25519.Signing.PrivateKey
    public let owner: String

    /// Raw 32-byte public key.
    public var publicKey: Data { privateKey.publicKey.rawRepresentation }
    public var id: String { KeyRecord.id(for: publicKey) }

    /// A fresh key from the system's secure random source.
    public init(owner: String) {
        privateKey = Curve25519.Signing.PrivateKey()
        self.owner = owner
    }

    private init(privateKey: Curve25519.Signing.PrivateKey, owner: String) {
        self.privateKey = privateKey
        self.owner = owner
    }

    /// `$SPARK_KEY_DIR`, else `~/.config/spark/keys`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let directory = environment["SPARK_KEY_DIR"], !directory.isEmpty { return directory }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/spark/keys"
    }

    func sign(_ message: Data) throws(ApprovalError) -> Data {
        do {
            return try privateKey.signature(for: message)
        } catch {
            throw ApprovalError(.signature, "signing failed with key \(id)")
        }
    }

    /// Writes the key to `<directory>/<owner>-<id>.key` with mode 0600 and returns the path.
    @discardableResult
    public func save(in directory: String) throws(ApprovalError) -> String {
        let path = "\(directory)/\(owner)-\(id).key"
        let text = "\(Self.magic)\nid: \(id)\nowner: \(owner)\nkey: \(privateKey.rawRepresentation.base64EncodedString())\n"
        try FileWriting.createPrivate(text, at: path)
        return path
    }

    /// Loads a key by path, or from `directory` by id (or a unique id prefix), owner name (when they
    /// have one key there) or file name.
    public static func load(_ reference: String, directory: String) throws(ApprovalError) -> SigningKey {
        var path = reference
        if !FileManager.default.fileExists(atPath: reference) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".key") }.sorted()
            let matches = names.filter { name in
                let stem = String(name.dropLast(4))
                let id = stem.split(separator: "-").last.map(String.init) ?? ""
                let owner = stem.split(separator: "-").dropLast().joined(separator: "-")
                return stem == reference || owner == reference || id.hasPrefix(reference)
            }
            guard matches.count == 1 else {
                throw ApprovalError(
                    .key, matches.isEmpty ? "no private key '\(reference)' in \(directory)" : "'\(reference)' matches \(matches.count) keys in \(directory)",
                    hint: "pass the key file's path, its id, your name, or its file name without .key (spark keys new prints them)"
                )
            }
            path = "\(directory)/\(matches[0])"
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ApprovalError(.unreadable, "cannot read the private key file", file: path)
        }
        var fields: [String: String] = [:]
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == magic else {
            throw ApprovalError(.key, "not a Spark private key file", file: path, line: 1, hint: "create keys with spark keys new")
        }
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let owner = fields["owner"], let encoded = fields["key"], let raw = Data(base64Encoded: encoded),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw ApprovalError(.key, "the private key file is damaged", file: path, hint: "create a new key with spark keys new and revoke the old one")
        }
        return SigningKey(privateKey: key, owner: owner)
    }
}

/// A Binance API key with its signing secret (HMAC or Ed25519), and the live gate's extra fields.
///
/// `description`, `debugDescription` and `dump` show the key kind and a short API-key prefix only,
/// never the secret.
public struct BinanceCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API key, sent in `X-MBX-APIKEY` (not secret to Binance, but kept out of logs all the same).
    public let apiKey: String
    /// Signs payloads with the secret.
    public let signer: RequestSigner
    /// The project the credentials are meant for (`project_root:`), checked by the live gate.
    public let projectRoot: String?
    /// Fingerprints of the risk keys allowed to approve live trading (`risk_key_fingerprints:`).
    public let riskKeyFingerprints: [String]

    /// Credentials from their parts.
    public init(apiKey: String, signer: RequestSigner, projectRoot: String? = nil, riskKeyFingerprints: [String] = []) {
        self.apiKey = apiKey
        self.signer = signer
        self.projectRoot = projectRoot
        self.riskKeyFingerprints = riskKeyFingerprints
    }

    /// Whether `session.logon` is possible (Ed25519 keys only).
    public var canLogOn: Bool { signer.method == .ed25519 }

    public var description: String {
        "BinanceCredentials(apiKey \(apiKey.prefix(4))…, \(signer.method.rawValue), secret hidden)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "apiKey": "\(apiKey.prefix(4))…", "signer": signer.method.rawValue, "projectRoot": projectRoot as Any,
            "riskKeyFingerprints": riskKeyFingerprints,
        ])
    }
}

import Foundation

extension BinanceCredentials {
    /// Reads credentials from a YAML or JSON file that only its owner may read (mode 0600 or stricter).
    ///
    /// Fields: `api_key`, and `hmac_secret` or `ed25519_key_file` (a PKCS#8 PEM, also 0600) or
    /// `ed25519_key` (base64 of the 32 raw bytes); optional `project_root`, `risk_key_fingerprints`.
    public static func load(file path: String) throws(CredentialsError) -> BinanceCredentials {
        let text = try readPrivateFile(path)
        let fields = try CredentialsFile.parse(text, source: path)
        guard let apiKey = fields.scalars["api_key"], !apiKey.isEmpty else {
            throw CredentialsError(.malformed, "no api_key field", where: path, hint: "add `api_key: …`")
        }
        let signer: RequestSigner
        if let secret = fields.scalars["hmac_secret"], !secret.isEmpty {
            signer = RequestSigner(hmacSecret: secret)
        } else if let keyFile = fields.scalars["ed25519_key_file"], !keyFile.isEmpty {
            let resolved = keyFile.hasPrefix("/") ? keyFile : (path as NSString).deletingLastPathComponent + "/" + keyFile
            signer = try RequestSigner(ed25519PEM: readPrivateFile(resolved), source: resolved)
        } else if let raw = fields.scalars["ed25519_key"], let bytes = Data(base64Encoded: raw) {
            signer = try RequestSigner(ed25519RawKey: Array(bytes))
        } else {
            throw CredentialsError(.malformed, "no hmac_secret, ed25519_key_file or ed25519_key field", where: path)
        }
        return BinanceCredentials(
            apiKey: apiKey, signer: signer, projectRoot: fields.scalars["project_root"], riskKeyFingerprints: fields.lists["risk_key_fingerprints"] ?? [])
    }

    /// Reads credentials from `SPARK_BINANCE_API_KEY` and `SPARK_BINANCE_SECRET` (HMAC) or
    /// `SPARK_BINANCE_ED25519_KEY_FILE` (a 0600 PKCS#8 PEM).
    public static func fromEnvironment() throws(CredentialsError) -> BinanceCredentials {
        try fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// Reads credentials from the variables in `environment` (see ``fromEnvironment()``).
    public static func fromEnvironment(_ environment: [String: String]) throws(CredentialsError) -> BinanceCredentials {
        guard let apiKey = environment["SPARK_BINANCE_API_KEY"], !apiKey.isEmpty else {
            throw CredentialsError(.missingEnvironment, "SPARK_BINANCE_API_KEY is not set", where: "environment")
        }
        if let keyFile = environment["SPARK_BINANCE_ED25519_KEY_FILE"], !keyFile.isEmpty {
            return BinanceCredentials(apiKey: apiKey, signer: try RequestSigner(ed25519PEM: readPrivateFile(keyFile), source: keyFile))
        }
        if let secret = environment["SPARK_BINANCE_SECRET"], !secret.isEmpty {
            return BinanceCredentials(apiKey: apiKey, signer: RequestSigner(hmacSecret: secret))
        }
        throw CredentialsError(
            .missingEnvironment, "neither SPARK_BINANCE_SECRET nor SPARK_BINANCE_ED25519_KEY_FILE is set", where: "environment")
    }

    /// The file's text, refused when group or others may read or write it.
    static func readPrivateFile(_ path: String) throws(CredentialsError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw CredentialsError(.unreadable, "cannot read the file", where: path)
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw CredentialsError(
                .permissions, "the file holds secrets but its mode is \(String(mode, radix: 8)), readable by others", where: path,
                hint: "run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CredentialsError(.unreadable, "cannot read the file as UTF-8 text", where: path)
        }
        return text
    }
}

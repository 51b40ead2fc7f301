import Binance
import Foundation
import Testing

@Suite struct CredentialsTests {
    static let secret = "FAKESECRETvalue0123456789abcdefFAKESECRETvalue0123456789abcdef"

    private func write(_ text: String, mode: Int, name: String = "creds.yaml") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spark-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func aYAMLFileWithMode0600LoadsEveryField() throws {
        let path = try write("""
            api_key: KEY123
            hmac_secret: "\(Self.secret)"
            project_root: /srv/spark
            risk_key_fingerprints: [ab12, "cd34"]
            """, mode: 0o600)
        let credentials = try BinanceCredentials.load(file: path)
        #expect(credentials.apiKey == "KEY123")
        #expect(credentials.signer.method == .hmacSHA256)
        #expect(credentials.signer.signature(of: "x") == RequestSigner(hmacSecret: Self.secret).signature(of: "x"))
        #expect(credentials.projectRoot == "/srv/spark")
        #expect(credentials.riskKeyFingerprints == ["ab12", "cd34"])
    }

    @Test func aJSONFileAndABlockListLoadToo() throws {
        let json = try write(#"{"api_key": "K", "hmac_secret": "S", "risk_key_fingerprints": ["f1"]}"#, mode: 0o600, name: "c.json")
        #expect(try BinanceCredentials.load(file: json).riskKeyFingerprints == ["f1"])
        let yaml = try write("api_key: K\nhmac_secret: S\nrisk_key_fingerprints:\n  - f1\n  - f2\n", mode: 0o400)
        #expect(try BinanceCredentials.load(file: yaml).riskKeyFingerprints == ["f1", "f2"])
    }

    @Test func anEd25519KeyFileNamedRelativeToTheCredentialsFileLoads() throws {
        let path = try write("api_key: K\ned25519_key_file: key.pem\n", mode: 0o600)
        let keyPath = (path as NSString).deletingLastPathComponent + "/key.pem"
        try SigningTests.pem.write(toFile: keyPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
        let credentials = try BinanceCredentials.load(file: path)
        #expect(credentials.canLogOn)
        #expect(credentials.signer.signature(of: SigningTests.edPayload) == SigningTests.edSignature)
    }

    @Test func aFileOthersCanReadIsRefusedWithWhatWhereAndTheFix() throws {
        let path = try write("api_key: K\nhmac_secret: \(Self.secret)\n", mode: 0o644)
        do {
            _ = try BinanceCredentials.load(file: path)
            Issue.record("a 0644 file was accepted")
        } catch {
            #expect(error.code == .permissions)
            #expect(error.location == path)
            #expect(error.description.contains("chmod 600 \(path)"))
            #expect(error.description.contains("644"))
            #expect(!error.description.contains(Self.secret))
        }
    }

    @Test func theEnvironmentGivesHMACOrEd25519Credentials() throws {
        let hmac = try BinanceCredentials.fromEnvironment(["SPARK_BINANCE_API_KEY": "K", "SPARK_BINANCE_SECRET": Self.secret])
        #expect(hmac.signer.method == .hmacSHA256)
        let keyPath = try write(SigningTests.pem, mode: 0o600, name: "k.pem")
        let ed = try BinanceCredentials.fromEnvironment(["SPARK_BINANCE_API_KEY": "K", "SPARK_BINANCE_ED25519_KEY_FILE": keyPath])
        #expect(ed.signer.method == .ed25519)
        #expect(throws: CredentialsError.self) { try BinanceCredentials.fromEnvironment(["SPARK_BINANCE_API_KEY": "K"]) }
        #expect(throws: CredentialsError.self) { try BinanceCredentials.fromEnvironment([:]) }
    }

    @Test func noDescriptionDumpOrErrorShowsTheSecret() throws {
        let credentials = BinanceCredentials(apiKey: "APIKEY0123456789", signer: RequestSigner(hmacSecret: Self.secret))
        var texts = [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials)]
        var dumped = ""
        dump(credentials, to: &dumped)
        texts.append(dumped)
        for (text, mode) in [("api_key: K\nhmac_secret: \(Self.secret)\n", 0o644), ("hmac_secret: \(Self.secret)\n", 0o600),
                             ("api_key: K\n\(Self.secret)\n", 0o600), ("{\"api_key\": 1, \"hmac_secret\": \"\(Self.secret)\"}", 0o600)] {
            let path = try write(text, mode: mode)
            do {
                _ = try BinanceCredentials.load(file: path)
                Issue.record("a bad file was accepted")
            } catch {
                texts += [error.description, error.message, String(reflecting: error)]
            }
        }
        for text in texts {
            #expect(!text.contains(Self.secret), "secret in: \(text.prefix(80))")
            #expect(!text.contains("APIKEY0123456789"))
        }
    }
}

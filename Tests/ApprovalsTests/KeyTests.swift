import Foundation
import Testing
@testable import Approvals

@Suite("Keys, keys.yaml and the approval policy")
struct KeyTests {
    @Test("a new private key is written with mode 0600 and its public half listed in keys.yaml")
    func privateKeyMode() throws {
        let desk = try Desk()
        let key = desk.keys["alice"]!
        let path = "\(desk.keyDirectory)/alice-\(key.id).key"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let ring = try desk.store.keys()
        #expect(ring.key(id: key.id)?.owner == "alice")
        let listed = try String(contentsOfFile: desk.store.keysPath, encoding: .utf8)
        let secret = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last!.dropFirst(5)
        #expect(!listed.contains(secret))
    }

    @Test("a signing key never prints, dumps or reflects its private half")
    func redacted() throws {
        let desk = try Desk()
        let key = desk.keys["alice"]!
        let secret = String(try String(contentsOfFile: "\(desk.keyDirectory)/alice-\(key.id).key", encoding: .utf8).split(separator: "\n").last!.dropFirst(5))
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains(secret))
            #expect(text.contains(key.id))
        }
    }

    @Test("keys.yaml with an unknown field is refused with its line and column")
    func unknownField() throws {
        let desk = try Desk()
        var text = try String(contentsOfFile: desk.store.keysPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "    owner: bob\n", with: "    owner: bob\n    admin: true\n")
        try text.write(toFile: desk.store.keysPath, atomically: true, encoding: .utf8)
        #expect {
            try desk.store.keys()
        } throws: { error in
            let error = error as! ApprovalError
            return error.message.contains("unknown key 'admin'") && error.line != nil && error.column != nil
        }
    }

    @Test("a bad owner name is refused and nothing is written")
    func badOwner() throws {
        let desk = try Desk()
        let before = try String(contentsOfFile: desk.store.keysPath, encoding: .utf8)
        #expect(throws: ApprovalError.self) {
            try desk.store.createKey(owner: "Eve Smith", roles: ["risk"], keyDirectory: desk.keyDirectory, now: Desk.start)
        }
        #expect(try String(contentsOfFile: desk.store.keysPath, encoding: .utf8) == before)
    }

    @Test("a policy that needs more roles than approvers is refused at its line")
    func badPolicy() throws {
        let path = NSTemporaryDirectory() + "spark-policy-\(UUID().uuidString).yaml"
        try Desk.policyText.replacingOccurrences(of: "live: { approvers: 2, roles: [risk]", with: "live: { approvers: 1, roles: [risk, ops]").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ApprovalPolicy.load(path: path)
        } throws: { error in
            "\(error)".contains("needs 2 roles but only 1 approvers") && (error as! ApprovalError).line == 3
        }
    }

    @Test("loading a private key by id prefix works and an unknown name says where it looked")
    func loadKey() throws {
        let desk = try Desk()
        let key = desk.keys["bob"]!
        #expect(try SigningKey.load(String(key.id.prefix(8)), directory: desk.keyDirectory).id == key.id)
        #expect {
            try SigningKey.load("nobody", directory: desk.keyDirectory)
        } throws: { error in
            "\(error)".contains("no private key 'nobody'")
        }
    }
}

@Suite("approval.yaml is strict")
struct ApprovalPolicyStrictTests {
    @Test("a count written 01 or +1, and a fraction written .15, are refused with their place", arguments: [
        ("approvers: 1,", "approvers: 01,", "approval.yaml:2:"), ("approvers: 1,", "approvers: +1,", "approval.yaml:2:"),
        ("max_drawdown: 0.15", "max_drawdown: .15", "approval.yaml:5:"),
    ])
    func spellings(original: String, replacement: String, place: String) throws {
        let text = Desk.policyText
        let directory = NSTemporaryDirectory() + "spark-approval-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/approval.yaml"
        let edited = text.replacingOccurrences(of: original, with: replacement)
        #expect(edited != text)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ApprovalPolicy.load(path: path)
        } throws: { error in
            "\(error)".contains(place) && "\(error)".contains("written plainly")
        }
    }
}

@Suite("Public keys that prove nothing are refused")
struct PublicKeyCheckTests {
    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }

    /// The eight points of order dividing 8, canonical encodings ("Taming the many EdDSAs", table 6a).
    static let smallOrder = [
        "0100000000000000000000000000000000000000000000000000000000000000", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000080",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    ]

    @Test("every small-order encoding is refused", arguments: smallOrder)
    func smallOrderRefused(_ hex: String) {
        #expect(PublicKeyCheck.problem(Data(Self.bytes(hex)))?.contains("small order") == true)
    }

    @Test("encodings with y at or above p are refused as non-canonical", arguments: ["edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"])
    func nonCanonicalRefused(_ hex: String) {
        #expect(PublicKeyCheck.problem(Data(Self.bytes(hex)))?.contains("non-canonical") == true)
    }

    @Test("a key made by spark keys new passes, and keys.yaml refuses a small-order key at its line")
    func realKeyPasses() throws {
        #expect(PublicKeyCheck.problem(SigningKey(owner: "alice").publicKey) == nil)
        let desk = try Desk()
        let identity = Data(Self.bytes(Self.smallOrder[0]))
        let text = try String(contentsOfFile: desk.store.keysPath, encoding: .utf8)
        try (text + "  - id: \(KeyRecord.id(for: identity))\n    owner: mallory\n    roles: [risk]\n    public_key: \(identity.base64EncodedString())\n    created: 2026-01-01T00:00:00.000Z\n")
            .write(toFile: desk.store.keysPath, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect {
            try desk.store.keys()
        } throws: { error in
            (error as? ApprovalError)?.line == lines + 3 && "\(error)".contains("small order")
        }
    }
}

import Foundation
import Crypto

/// Refuses Ed25519 public keys a signature by which proves nothing.
///
/// swift-crypto's verifier accepts any 32 bytes as a public key. A key of small order (the identity
/// point, for one) makes `[k]A` take at most eight values whatever the message, so "signatures" can be
/// made without a private key; a non-canonical encoding (y ≥ p) names a point that another encoding
/// also names, so one key could be listed twice under two ids. Both are refused when keys.yaml is read,
/// and every key must also fail to verify fixed forgeries that need no private key.
enum PublicKeyCheck {
    /// Why `raw` cannot be a signing key; nil when it may be one.
    static func problem(_ raw: Data) -> String? {
        guard raw.count == 32 else { return "an Ed25519 public key is 32 bytes, this one is \(raw.count)" }
        var y = [UInt8](raw)
        y[31] &= 0x7f
        if isAtLeastP(y) {
            return "a non-canonical encoding (its y coordinate is not below 2^255-19)"
        }
        if smallOrderY.contains(y) {
            return "a point of small order, whose signatures need no private key"
        }
        if acceptsForgery(raw) {
            return "a key whose verification accepts a signature made without any private key"
        }
        return nil
    }

    /// y ≥ p = 2^255 - 19, little-endian: the top 31 bytes at their maximum and the low byte ≥ 0xed.
    private static func isAtLeastP(_ y: [UInt8]) -> Bool {
        y[31] == 0x7f && y[1...30].allSatisfy { $0 == 0xff } && y[0] >= 0xed
    }

    /// The y coordinates of the eight points of order dividing 8 (sign bit cleared): 1, p-1, 0 and
    /// the two of order 8. Both x signs of each share the y, so masking the sign bit covers all eight.
    private static let smallOrderY: Set<[UInt8]> = {
        var one = [UInt8](repeating: 0, count: 32)
        one[0] = 1
        var minusOne = [UInt8](repeating: 0xff, count: 32)
        minusOne[0] = 0xec
        minusOne[31] = 0x7f
        let zero = [UInt8](repeating: 0, count: 32)
        let order8 = ["c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"].map(bytes)
        return Set([one, minusOne, zero] + order8)
    }()

    /// Signatures anyone can write: R the identity or the key itself, S zero or one.
    private static func acceptsForgery(_ raw: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return true }
        var identity = [UInt8](repeating: 0, count: 32)
        identity[0] = 1
        let message = Data("spark public key probe".utf8)
        for r in [identity, [UInt8](raw)] {
            for s: UInt8 in [0, 1] {
                var scalar = [UInt8](repeating: 0, count: 32)
                scalar[0] = s
                if key.isValidSignature(Data(r + scalar), for: message) { return true }
            }
        }
        return false
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }
}

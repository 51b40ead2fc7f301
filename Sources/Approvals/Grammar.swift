import Foundation

/// The strict forms of everything approvals name: anything else is refused, never shown raw.
public enum Grammar {
    /// A lower-case hex SHA-256: exactly 64 of `0-9a-f`.
    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A key id: the first 16 lower-case hex digits of the public key's SHA-256.
    public static func isKeyID(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Strategy, owner and role names: `[a-z0-9][a-z0-9._-]{0,63}` (ASCII, so ids and paths stay plain).
    public static func isName(_ text: String) -> Bool {
        matches(text, "^[a-z0-9][a-z0-9._-]{0,63}$")
    }

    /// A proposal id: `<strategy>-paper-<n>`, `<strategy>-live-<n>` or `policy-<file>-<n>`, n from 1.
    public static func isProposalID(_ text: String) -> Bool {
        matches(text, "^[a-z0-9][a-z0-9._-]{0,70}-[1-9][0-9]{0,8}$")
    }

    /// A policy file's name under policies/: a name ending in `.yaml`.
    public static func isPolicyFile(_ text: String) -> Bool {
        matches(text, "^[a-z0-9][a-z0-9._-]{0,63}\\.yaml$")
    }

    /// A venue symbol: upper-case letters and digits, e.g. BTCUSDT.
    public static func isSymbol(_ text: String) -> Bool {
        matches(text, "^[A-Z0-9][A-Z0-9._-]{0,31}$")
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        // `$` in NSRegularExpression also matches before a final newline; the length check rules that out.
        !text.hasSuffix("\n") && text.range(of: pattern, options: .regularExpression) != nil
    }
}

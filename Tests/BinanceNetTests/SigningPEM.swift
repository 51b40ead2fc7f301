/// An Ed25519 test key made with `openssl genpkey -algorithm ed25519` (never used anywhere real).
enum SigningPEM {
    static let pem = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIFHvz7qQ8bjYewKgJcvoZ9bN2kks0yIHfoZXliyNFDFY
        -----END PRIVATE KEY-----
        """
}

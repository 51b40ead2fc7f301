public import Foundation

/// One account of the fake exchange: its API key, how it signs, and its starting balances.
public struct FakeAccountConfig: Sendable {
    /// The API key sent in `X-MBX-APIKEY`.
    public var apiKey: String
    /// The key material the fake verifies signatures with.
    public var credential: FakeCredential
    /// Free balances per asset at start.
    public var balances: [String: Decimal]

    /// Creates an account.
    public init(apiKey: String, credential: FakeCredential, balances: [String: Decimal]) {
        self.apiKey = apiKey
        self.credential = credential
        self.balances = balances
    }
}

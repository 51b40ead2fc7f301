public import Foundation

extension SigningKey {
    /// Signs a control request's canonical bytes (`spark … --server URL`); the key never leaves this process.
    public func signature(forControl message: Data) throws(ApprovalError) -> Data {
        try sign(message)
    }
}

/// A signing key prints, dumps and reflects as its id and owner only, so no log, error or debugger
/// output can carry the private key.
extension SigningKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SigningKey(\(id), owner: \(owner))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id, "owner": owner]) }
}

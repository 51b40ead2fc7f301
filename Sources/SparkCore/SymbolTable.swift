/// Interns symbol names into dense ``SymbolID``s for one run.
public struct SymbolTable: Sendable, Equatable {
    public private(set) var names: [String] = []
    private var ids: [String: SymbolID] = [:]

    public init(_ names: [String] = []) {
        for name in names { _ = intern(name) }
    }

    /// Returns the id of `name`, adding it if it is new.
    public mutating func intern(_ name: String) -> SymbolID {
        if let id = ids[name] { return id }
        let id = SymbolID(Int32(names.count))
        names.append(name)
        ids[name] = id
        return id
    }

    /// The id of `name`, or nil when the run does not know the symbol.
    public func id(of name: String) -> SymbolID? { ids[name] }

    /// The name behind `id`.
    public func name(of id: SymbolID) -> String { names[Int(id.rawValue)] }

    public var count: Int { names.count }
}

/// A dense index for a symbol within one run, so the hot path never hashes strings.
public struct SymbolID: Hashable, Sendable, Comparable {
    public var rawValue: Int32

    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static func < (lhs: SymbolID, rhs: SymbolID) -> Bool { lhs.rawValue < rhs.rawValue }
}

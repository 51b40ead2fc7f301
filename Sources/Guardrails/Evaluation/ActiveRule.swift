/// A policy rule prepared for one strategy: which symbols it covers, and its Lua state if it has one.
struct ActiveRule {
    /// Position in ``Policy/rules``, for coverage counts.
    let index: Int
    let rule: Rule
    /// Indexed by `SymbolID.rawValue`.
    let coversSymbol: [Bool]
    let lua: LuaRule?
}

/// A policy rule prepared for one strategy: which symbols it covers, and its Lua state if it has one.
///
/// A class so the per-order loop over rules retains one reference, not every string inside a rule.
final class ActiveRule {
    /// Position in ``Policy/rules``, for coverage counts.
    let index: Int
    let rule: Rule
    /// Indexed by `SymbolID.rawValue`.
    let coversSymbol: [Bool]
    let lua: LuaRule?

    init(index: Int, rule: Rule, coversSymbol: [Bool], lua: LuaRule?) {
        self.index = index
        self.rule = rule
        self.coversSymbol = coversSymbol
        self.lua = lua
    }
}

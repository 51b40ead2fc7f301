/// The budgets one ``LuaState`` runs under. Every callback (each ``LuaState/call(_:)`` and
/// ``LuaState/load(source:chunkName:)``) gets the full time and instruction budget afresh; memory is
/// a cap on the state as a whole.
public struct LuaLimits: Sendable, Equatable {
    /// Wall-clock budget per callback. Enforced by a process-wide watchdog that arms a stopping hook
    /// only once a callback overruns, so calls that finish in time pay nothing. Zero or negative turns
    /// the wall-clock budget off.
    public var timeBudget: Duration = .milliseconds(500)
    /// Deterministic budget per callback, in Lua VM instructions (a count hook). `nil` leaves it off:
    /// an armed count hook slows Lua by about 30%.
    public var instructionBudget: Int? = nil
    /// Cap on the bytes the state may allocate. Breaking it fails the state even when the script
    /// catches the out-of-memory error with `pcall`.
    public var memoryLimit: Int = 64 << 20
    /// Largest string `string.rep` may build.
    public var maxStringBytes: Int = 16 << 20
    /// `string.find`/`match`/`gmatch`/`gsub` are refused when `(#subject + 1) ^ (k + 1)` exceeds
    /// this, `k` being the number of repetition items (`*`, `+`, `-`, `?`, `%b`) in the pattern: the
    /// matcher is C, and no hook can stop it.
    public var patternCostLimit: Double = 1e9

    /// The defaults: 500 ms, no instruction budget, 64 MB, 16 MB strings, 1e9 pattern steps.
    public init() {}

    /// Limits with every value given.
    public init(
        timeBudget: Duration = .milliseconds(500), instructionBudget: Int? = nil, memoryLimit: Int = 64 << 20,
        maxStringBytes: Int = 16 << 20, patternCostLimit: Double = 1e9
    ) {
        self.timeBudget = timeBudget
        self.instructionBudget = instructionBudget
        self.memoryLimit = memoryLimit
        self.maxStringBytes = maxStringBytes
        self.patternCostLimit = patternCostLimit
    }

    /// The time budget in nanoseconds, saturating.
    var timeBudgetNanoseconds: Int64 {
        let (seconds, attoseconds) = timeBudget.components
        if seconds >= Int64.max / 1_000_000_000 { return .max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

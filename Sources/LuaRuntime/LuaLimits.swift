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
    /// Estimated worst-case work one C library call may do (`string.find`, `gsub`, `table.concat`, …),
    /// in nanoseconds on this machine kind. No hook runs inside C, so each such call is charged its
    /// worst case up front and refused over this. `nil` derives it from the time budget: an eighth of
    /// it, so the slowest allowed call stays under a quarter of the budget with 2× headroom for the
    /// estimate (62.5 ms for the default 500 ms; with no time budget, as if it were 500 ms).
    public var cCallLimit: Duration? = nil
    /// How long one call may run before the process is ended rather than left hanging (a C call the
    /// sandbox could not bound). `nil` derives it: 10× the time budget, at least 2 s. ``Duration/zero``
    /// turns it off.
    public var backstop: Duration? = nil

    /// The defaults: 500 ms, no instruction budget, 64 MB, 16 MB strings, derived per-call limit and backstop.
    public init() {}

    /// Limits with every value given.
    public init(
        timeBudget: Duration = .milliseconds(500), instructionBudget: Int? = nil, memoryLimit: Int = 64 << 20,
        maxStringBytes: Int = 16 << 20, cCallLimit: Duration? = nil, backstop: Duration? = nil
    ) {
        self.timeBudget = timeBudget
        self.instructionBudget = instructionBudget
        self.memoryLimit = memoryLimit
        self.maxStringBytes = maxStringBytes
        self.cCallLimit = cCallLimit
        self.backstop = backstop
    }

    /// Bytes of one `print` copied out of Lua to the host; the host's log caps lines again.
    public static let maxPrintBytes = 4096

    /// The per-call limit in force, in nanoseconds.
    public var effectiveCCallLimitNanoseconds: Double {
        if let cCallLimit { return Double(Self.nanoseconds(cCallLimit)) }
        let budget = timeBudgetNanoseconds > 0 ? timeBudgetNanoseconds : 500_000_000
        return Double(budget) / 8
    }

    /// The backstop in force, in nanoseconds (0: none).
    public var effectiveBackstopNanoseconds: Int64 {
        if let backstop { return max(0, Self.nanoseconds(backstop)) }
        let budget = timeBudgetNanoseconds > 0 ? timeBudgetNanoseconds : 500_000_000
        return max(budget > Int64.max / 10 ? .max : budget * 10, 2_000_000_000)
    }

    /// The time budget in nanoseconds, saturating.
    var timeBudgetNanoseconds: Int64 { Self.nanoseconds(timeBudget) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        if seconds >= Int64.max / 1_000_000_000 { return .max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

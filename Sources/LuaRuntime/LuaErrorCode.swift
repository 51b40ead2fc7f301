extension LuaError {
    /// What went wrong, coarsely enough to decide what to do about it.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The chunk does not parse.
        case syntax
        /// The script raised an error (or Lua did, e.g. calling nil).
        case runtime
        /// A callback ran past its wall-clock budget. Sticky: the state is failed.
        case timeBudget
        /// A callback ran past its instruction budget. Sticky: the state is failed.
        case instructionBudget
        /// The state broke its memory cap. Sticky: the state is failed.
        case memory
        /// The script used something the sandbox refuses (a library, a `__gc`, a pattern too costly…).
        case sandbox
        /// The state failed earlier (budget or memory); nothing ran.
        case poisoned
        /// A host function returned an error.
        case host
        /// The Swift caller passed something unusable (a ref of another state, a bad value…).
        case invalidArgument

        /// Whether the state can no longer be used after an error with this code.
        public var isSticky: Bool { self == .timeBudget || self == .instructionBudget || self == .memory || self == .poisoned }
    }
}

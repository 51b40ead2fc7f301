extension Replay {
    /// What a replay found.
    public struct Outcome: Sendable {
        public var sessionID: String
        public var bars: Int
        public var decisions: Int
        /// Nil when every decision matched, else the first that did not: (index, journal line, replay line).
        public var firstMismatch: (index: Int, journal: String?, replay: String?)?
        /// Whether the final portfolio matches the journal's end record (true when the journal has none).
        public var portfolioMatches: Bool
        public var finished: Bool
        public var strategyChanged: Bool
        /// What the session ran: the strategy's name, its source hash and the params' canonical hash.
        public var strategyName: String
        public var strategySHA256: String
        public var paramsSHA256: String
        /// Bar times of the first and last bar (ms), nil when the journal has no bars.
        public var firstTime: Int64?
        public var lastTime: Int64?
        public var fills: Int
        /// The session's worst peak-to-trough drawdown, as a fraction.
        public var maxDrawdown: Double

        public var matches: Bool { firstMismatch == nil && portfolioMatches }
    }
}

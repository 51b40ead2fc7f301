extension GuardrailsSnapshot {
    /// The snapshot for a session whose feed starts at `feedStart`, with the breakers whose trip lies
    /// after it (a re-run over older data) counted as tripped at `feedStart`; and their ids.
    ///
    /// A time-based reset (`reset: { after: 1d }`) counts feed time since the trip. Feed time that
    /// went backwards would never reach the reset, leaving every order of the run rejected; so the
    /// wait starts again from the first event of the new feed: the breaker stays tripped for the
    /// full `after`, then resets. Manual and `when_clear` resets do not read the trip time.
    public func rebased(feedStart: Int64) -> (snapshot: GuardrailsSnapshot, rebased: [String]) {
        var copy = self
        var ids: [String] = []
        for (id, state) in breakers.sorted(by: { $0.key < $1.key }) {
            guard let trippedAt = state.trippedAt, trippedAt > feedStart else { continue }
            copy.breakers[id]?.trippedAt = feedStart
            ids.append(id)
        }
        return (copy, ids)
    }
}

import Live

/// What `spark live` prints when the session ends.
enum LiveReport {
    static func print(_ status: LiveStatus, journal: String) {
        let byState = Dictionary(grouping: status.orders.values, by: \.rawValue).mapValues(\.count)
        let states = byState.keys.sorted().map { "\($0) \(byState[$0]!)" }.joined(separator: ", ")
        Swift.print("orders: \(status.orders.count)\(states.isEmpty ? "" : " (\(states))")")
        Swift.print("fills booked: \(status.bookedTrades.count)\(status.duplicateTrades > 0 ? " (\(status.duplicateTrades) duplicate deliveries dropped)" : "")")
        Swift.print("position (units): Spark's books \(status.venuePosition), engine \(status.enginePosition)")
        if status.killLevel > 0 {
            Swift.print("kill switch: level \(status.killLevel)\(status.killReason.map { " (\($0))" } ?? "")\(status.killVerified == true ? ", no Spark order left open" : "")")
        }
        if let blocked = status.blocked { Swift.print("new orders blocked: \(blocked)") }
        if let failure = status.journalFailure { Swift.print("JOURNAL FAILURE: \(failure)") }
        let open = status.orders.values.filter { !$0.isTerminal }.count
        if open > 0 { Swift.print("\(open) order(s) still working on the exchange; resume with: spark live … --resume \(journal)") }
        Swift.print("journal: \(journal)   replay it with: spark replay \(journal)")
    }
}

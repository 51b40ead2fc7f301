/// One line of a live journal: the header, an input, a write-ahead intent, a decision or a note.
///
/// `seq` numbers every line from 1 (the header); inputs carry the exchange-time estimate `time` at
/// which they were journaled, which is the time the venue sees when it applies them.
public struct LiveRecord: Sendable, Equatable, Codable {
    /// What the line holds.
    public enum Kind: String, Sendable, Codable { case header, input, intent, decision, note, end }
    public var seq: Int64
    public var type: Kind
    public var time: Int64?
    public var header: LiveHeader?
    public var input: LiveInput?
    public var intent: IntentRecord?
    /// A decision, as `DecisionRecord` JSON text (the paper journal's form).
    public var decision: String?
    /// Reconciliation summaries, kill-switch changes, breaker trips, late events: for people and audits.
    public var note: String?

    /// An empty record of `type`; `seq` is set when it is written.
    public init(seq: Int64, type: Kind, time: Int64? = nil) {
        self.seq = seq
        self.type = type
        self.time = time
    }
}

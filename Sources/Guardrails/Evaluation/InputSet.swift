/// The inputs breaker conditions read; an observation records which of them moved.
struct InputSet: OptionSet, Sendable {
    let rawValue: UInt8

    static let equity = InputSet(rawValue: 1 << 0)
    static let trades = InputSet(rawValue: 1 << 1)
    static let outcomes = InputSet(rawValue: 1 << 2)
    static let errors = InputSet(rawValue: 1 << 3)
    static let time = InputSet(rawValue: 1 << 4)
}

/// A guard's answer for one order.
public enum GuardVerdict: Sendable, Equatable {
    case allow
    case reject(GuardRejection)
}

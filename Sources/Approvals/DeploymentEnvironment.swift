/// Where a param set is allowed to run once approved.
public enum DeploymentEnvironment: String, Sendable, CaseIterable, Comparable {
    case paper, live

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .paper && rhs == .live }
}

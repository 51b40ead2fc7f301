/// Where a param set is allowed to run once approved.
public enum DeploymentEnvironment: String, Sendable, CaseIterable {
    case paper, live
}

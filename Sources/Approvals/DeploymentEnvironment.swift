public import SparkCore

/// Where a param set is allowed to run once approved: a gated ``SessionMode`` (paper or live).
public typealias DeploymentEnvironment = SessionMode

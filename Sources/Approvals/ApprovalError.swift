@_exported public import SparkConfig

/// A refusal or a mistake in an approvals file or flag: the one error type every desk file reports
/// through (``ConfigError``), under the name the approvals API has always used.
public typealias ApprovalError = ConfigError

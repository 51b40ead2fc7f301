// The kernel's API speaks ConfigError; callers importing Session get it without a second import.
@_exported public import SparkConfig

// Every driver API speaks ConfigError and takes a Project; callers importing Drivers get both.
@_exported public import SparkConfig

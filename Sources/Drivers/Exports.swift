// Every driver API speaks ConfigError and takes a Project; callers importing Drivers get both.
@_exported public import SparkConfig
// The kernel's types (RunSetup, SessionKernel, the event sources) are what drivers hand back.
@_exported public import Session

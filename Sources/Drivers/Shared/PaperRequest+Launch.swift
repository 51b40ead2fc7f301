extension PaperRequest {
    /// The guardrail policy this session would run under (the project's, or a refusal), for callers
    /// outside the drivers that build the same launch check as ``Paper/run``: the demo does.
    package func projectPolicyPath() throws(ConfigError) -> String {
        try guardrailPolicyPath()
    }
}

import SparkConfig

extension PaperRequest {
    /// The guardrail policy the session runs under: the project's, never a file elsewhere, because
    /// a policy the project's reviewers never saw would decide what reaches the venue.
    func guardrailPolicyPath() throws(ConfigError) -> String {
        let path = policyPath ?? "\(project.policiesDirectory)/default.yaml"
        guard Project.path(path, isInside: project.policiesDirectory) else {
            throw ConfigError(
                .project, "the guardrail policy \(path) is outside the project's policies directory \(project.policiesDirectory)",
                file: path, hint: "paper and live run under a policy in \(project.policiesDirectory); copy it there and have it reviewed"
            )
        }
        return Project.canonical(path)
    }
}

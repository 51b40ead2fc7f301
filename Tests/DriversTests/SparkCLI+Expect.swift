import Testing

extension SparkCLI.Outcome {
    /// Records a test issue with the command's output when it failed.
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "\(output)", sourceLocation: sourceLocation)
    }

    /// Whether the command failed with `text` in its output.
    func refused(_ text: String) -> Bool { status != 0 && output.contains(text) }
}

import Foundation

extension ServeEnvironment {
    /// A `spark` child process in the project's directory, with SPARK_PROJECT set and its output
    /// going to `output`: how the executor runs sessions and the backtest service runs jobs.
    func sparkProcess(_ arguments: [String], output: FileHandle?) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project.root)
        var variables = ProcessInfo.processInfo.environment
        variables["SPARK_PROJECT"] = project.root
        process.environment = variables
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        return process
    }
}

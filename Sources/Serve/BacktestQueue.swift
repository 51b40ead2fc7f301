import Foundation

/// The backtest service's queue: jobs live in the store (so they survive a restart), a bounded
/// number of workers run them, each in its own `spark backtest` / `spark sweep run` process.
public actor BacktestQueue {
    let environment: ServeEnvironment
    private var workers: [Task<Void, Never>] = []
    private var running: [Int64: Process] = [:]
    private var shuttingDown = false

    public init(environment: ServeEnvironment) {
        self.environment = environment
    }

    /// Puts jobs a stopped service left running back in the queue, then starts the workers.
    public func boot() throws(ServeError) {
        let requeued = try environment.database.requeueInterruptedJobs()
        if requeued > 0 { environment.log("backtest: \(requeued) interrupted job(s) queued again") }
        for _ in 0..<environment.settings.backtestWorkers {
            workers.append(Task { [weak self] in
                while !Task.isCancelled {
                    guard let self else { return }
                    if await !self.runNext() { try? await Task.sleep(for: .milliseconds(250)) }
                }
            })
        }
        updateGauges()
    }

    /// Queues a job and wakes a worker.
    public func submit(_ request: JobRequest, by: String) throws(ControlRefusal) -> BacktestJob {
        _ = try request.arguments(out: "-", resultsStore: "-")
        do {
            let job = try environment.database.enqueue(request, by: by, nowMs: environment.nowMs())
            updateGauges()
            return job
        } catch {
            throw ControlRefusal(503, "invalid", error.message)
        }
    }

    public func jobs() -> [BacktestJob] { (try? environment.database.jobs()) ?? [] }

    public func job(_ id: Int64) -> BacktestJob? { try? environment.database.job(id) }

    /// Why the service is not ready: a store it cannot read. Empty when ready.
    public func notReady() -> [String] {
        do {
            _ = try environment.database.jobCounts()
            return []
        } catch {
            return ["the job store does not answer: \(error.message)"]
        }
    }

    /// Stops the workers; a job cut short goes back to the queue for the next start.
    public func shutdown() async {
        shuttingDown = true
        workers.forEach { $0.cancel() }
        for process in running.values where process.isRunning { process.terminate() }
        for _ in 0..<200 where running.values.contains(where: \.isRunning) { try? await Task.sleep(for: .milliseconds(50)) }
        _ = try? environment.database.requeueInterruptedJobs()
    }

    /// Runs the oldest queued job; false when there was none.
    private func runNext() async -> Bool {
        guard !shuttingDown else { return false }
        let directory = "\(environment.directory)/jobs"
        guard let job = try? environment.database.claimNextJob(nowMs: environment.nowMs(), outDir: { "\(directory)/\($0)-\($1)" }) else { return false }
        updateGauges()
        let started = ContinuousClock.now
        let (status, message) = await execute(job)
        let elapsed = started.duration(to: .now).components
        environment.metrics.histogram(.jobDuration, ["kind": job.request.kind]).record(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        if !shuttingDown {
            _ = try? environment.database.finishJob(job.id, state: status == 0 ? "done" : "failed", exitCode: Int(status), message: message, nowMs: environment.nowMs())
        }
        updateGauges()
        return true
    }

    private func execute(_ job: BacktestJob) async -> (Int32, String) {
        let out = job.outDir ?? "\(environment.directory)/jobs/\(job.id)"
        let log = out + ".log"
        let arguments: [String]
        do {
            arguments = try job.request.arguments(out: out, resultsStore: "\(environment.directory)/sweeps.sqlite")
        } catch {
            return (2, error.message)
        }
        try? FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log)
        let process = environment.sparkProcess(arguments, output: handle)
        running[job.id] = process
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: 127)
            }
        }
        try? handle?.close()
        running[job.id] = nil
        return (status, SessionSupervisor.tail(of: log))
    }

    private func updateGauges() {
        let counts = (try? environment.database.jobCounts()) ?? [:]
        for state in ["queued", "running", "done", "failed"] {
            environment.metrics.gauge(.backtestJobs, ["state": state]).set(to: Double(counts[state] ?? 0))
        }
    }
}

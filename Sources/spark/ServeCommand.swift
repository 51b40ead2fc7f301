import ArgumentParser
import Foundation
import Serve

extension Spark {
    struct ServeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run Spark as services: the executor, the backtest service and the streams service.",
            discussion: """
            With no service named, all three run in one process; name one or more to run only those (spark serve executor). Ports and the bind address come from spark.yaml's serve: section (4001, 4501 and 4601 on 127.0.0.1 by default; 0 picks a free port). A non-loopback bind is refused unless serve.allow_insecure_bind is true.

            executor (4001): GET /sessions, /sessions/ID, /kill; signed POST /sessions (start paper or live), /sessions/ID/stop, /kill, /breakers/reset, /flatten. Each session runs in its own spark paper / spark live process, restarted per serve.restart_limit when it dies.
            backtest (4501): GET /jobs, /jobs/ID, /jobs/ID/report; signed POST /jobs (a backtest or a sweep). The queue lives in <state>/serve.sqlite and survives a restart.
            streams (4601): GET /streams, and /streams/bars (server-sent events) for serve.stream_symbols.
            Every service: GET /metrics (Prometheus), /healthz, /readyz (503 with JSON reasons).

            Signed requests come from the CLI: spark sessions, spark jobs, spark kill, spark flatten and spark breaker reset take --server URL --key KEY. SIGTERM or Ctrl-C stops sessions first (between bars, journals closed), HTTP last.

            Example:
              spark serve
              spark sessions start --server http://127.0.0.1:4001 --key alice --strategy strategies/sma_cross.lua --symbol BTCUSDT --feed binance:BTCUSDT
            """
        )

        @Argument(help: ArgumentHelp("Services to run (default: all).", valueName: "executor|backtest|streams"))
        var services: [String] = []

        @Option(name: .customLong("ports-file"), help: ArgumentHelp("Write the bound ports here as JSON once listening (for scripts; ports of 0 in spark.yaml pick free ones).", valueName: "file"))
        var portsFile: String?

        func validate() throws {
            for name in services where ServiceKind(rawValue: name) == nil {
                throw ValidationError("unknown service '\(name)': expected executor, backtest or streams")
            }
        }

        func run() async throws {
            let project = try CLI.project()
            let kinds = services.isEmpty ? Set(ServiceKind.allCases) : Set(services.compactMap(ServiceKind.init(rawValue:)))
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            let server = try await CLI.guarded {
                try await SparkServer.start(project: project, services: kinds, executable: executable, version: Spark.version, handleSignals: true, log: { CLI.warn($0) })
            }
            let host = project.settings.serve.bind
            for kind in ServiceKind.allCases {
                guard let port = server.ports[kind] else { continue }
                print("\(kind.rawValue): http://\(host):\(port)  (/metrics /healthz /readyz)")
            }
            if let portsFile {
                let ports = Dictionary(uniqueKeysWithValues: server.ports.map { ($0.key.rawValue, $0.value) })
                let data = try JSONSerialization.data(withJSONObject: ports, options: [.sortedKeys])
                try data.write(to: URL(fileURLWithPath: portsFile), options: .atomic)
            }
            print("spark serve: project \(project.settings.name) at \(project.root); SIGTERM or Ctrl-C stops it")
            fflush(nil)
            try await CLI.guarded { try await server.wait() }
            print("spark serve: stopped")
        }
    }
}

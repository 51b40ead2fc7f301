import ArgumentParser
import Demos
import Drivers
import Lab

extension Spark {
    struct StrategyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strategy",
            abstract: "Work with strategy files.",
            subcommands: [Check.self]
        )

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "check", 
                abstract: "Load a strategy in the sandbox, validate its schema, and print it.",
                discussion: "With --params, also checks a param set against the schema. Exit 1 on any problem, with file:line."
            )

            @Argument(help: ArgumentHelp("The strategy's Lua file.", valueName: "file"))
            var file: String

            @Option(name: .long, help: ArgumentHelp("A param set to check against the schema.", valueName: "file"))
            var params: String?

            func run() throws {
                let summary = try CLI.guarded { try StrategyCheck.run(path: file, paramsPath: params) }
                print(summary)
            }
        }
    }

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "demo", 
            abstract: "Import the bundled sample into SQLite, backtest it, paper-trade it, replay the journal, then sweep params and verify the evidence.",
            discussion: "Run from the repository root (it reads strategies/, params/, data/sample/ and data/lab/). Writes under out/demo/; the sweep's HTML report path is printed at the end."
        )

        func run() async throws {
            try await CLI.guarded { try await Demos.Demo.run(root: ".", print: { print($0) }, warn: CLI.warn) }
            try CLI.guarded { try LabDemo.run(root: ".", output: "out/demo/lab", print: { print($0) }, warn: CLI.warn) }
            try await CLI.guarded { try await ServeDemo.run(root: ".", output: "out/demo", print: { print($0) }) }
        }
    }
}

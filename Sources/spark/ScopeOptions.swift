import ArgumentParser
import Approvals
import Drivers
import Desk
import Workflow

/// What a params proposal binds besides the values: the symbols, and for live the guardrail policy.
struct ScopeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The symbols the params may trade, comma-separated (e.g. BTCUSDT,ETHUSDT).", valueName: "list"))
    var symbols: String?

    @Flag(name: .customLong("any-symbol"), help: "Approve the params for any symbol (policies/approval.yaml may forbid it, as it does for live).")
    var anySymbol = false

    @Option(name: .long, help: ArgumentHelp("Live: the guardrail policy the paper sessions ran under and live must run under (default: the project's policies/default.yaml).", valueName: "file"))
    var policy: String?

    func symbolList() throws -> [String] {
        switch (symbols, anySymbol) {
        case (nil, true): return [Statement.anySymbol]
        case (let list?, false):
            let names = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, names.allSatisfy(Grammar.isSymbol) else {
                throw ValidationError("--symbols \(list): give upper-case symbols such as BTCUSDT, comma-separated")
            }
            return names
        default: throw ValidationError("give either --symbols LIST or --any-symbol: an approval names what it may trade")
        }
    }

    /// The canonical hash of the guardrail policy a live proposal names.
    func guardrailPolicy(in workflow: ParamsWorkflow) throws -> String {
        try CLI.guarded { try PolicyFile.identity(path: policy ?? "\(workflow.policiesDirectory)/default.yaml") }
    }
}

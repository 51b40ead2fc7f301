import Foundation
import Guardrails
import Engine
import SparkCore
internal import Yams
import Desk

/// `spark policy test DIR`: YAML cases that state a portfolio, a market and an order, and expect a verdict.
///
/// Like `opa test --coverage`, the outcome also says, per rule, whether some case saw it reject and
/// some case saw it allow, so a risk officer sees which rules no test exercises.
public enum PolicyTestRun {
    /// One case's result.
    public struct CaseResult: Sendable {
        public var file: String
        public var line: Int
        public var name: String
        public var expected: String
        public var actual: String
        public var passed: Bool { expected == actual }
    }

    /// Per-rule coverage over every case of one policy.
    public struct Coverage: Sendable {
        public var policy: String
        public var rules: [(id: String, allowed: Int, rejected: Int)]
        /// Fraction of rules that some case saw reject.
        public var fraction: Double {
            rules.isEmpty ? 1 : Double(rules.filter { $0.rejected > 0 }.count) / Double(rules.count)
        }
    }

    public struct Outcome: Sendable {
        public var cases: [CaseResult]
        public var coverage: [Coverage]
        public var failed: Int { cases.filter { !$0.passed }.count }
    }

    /// Runs every `*.yaml` test file under `directory`.
    public static func run(directory: String, instrumentsPath: String?) throws -> Outcome {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw ConfigError(.unreadable, "cannot list the test directory", file: directory, hint: "policy tests live in policies/tests/")
        }
        let catalog = try instrumentsPath.map { path throws(ConfigError) in try InstrumentCatalog.load(path: path) } ?? InstrumentCatalog()
        var results: [CaseResult] = []
        var coverage: [String: (policy: String, ids: [String], allowed: [Int], rejected: [Int])] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = directory + "/" + name
            let file = try YAMLFile(path: path)
            var policyPath: String?
            var cases: [Node] = []
            for (key, _, value) in try file.mapping(file.root, allowed: ["policy", "cases"], what: "a policy test file") {
                if key == "policy" {
                    let relative = try file.scalar(value, what: "policy")
                    policyPath = relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
                } else {
                    guard let list = value.sequence else { throw file.error(.schema, "cases must be a list", at: value) }
                    cases = Array(list)
                }
            }
            guard let policyPath else { throw ConfigError(.schema, "the test file names no policy", file: path, line: 1, hint: "add `policy: ../default.yaml`") }
            let policy = try PolicyFile.load(path: policyPath)
            var entry = coverage[policy.sha256] ?? (policy.path, policy.policy.rules.map(\.id), Array(repeating: 0, count: policy.policy.rules.count), Array(repeating: 0, count: policy.policy.rules.count))
            for node in cases {
                let (result, guardrails) = try runCase(node, file: file, policy: policy, catalog: catalog)
                results.append(result)
                for index in entry.ids.indices {
                    entry.allowed[index] += guardrails.allowCounts[index]
                    entry.rejected[index] += guardrails.rejectCounts[index]
                }
            }
            coverage[policy.sha256] = entry
        }
        let reports = coverage.values.sorted { $0.policy < $1.policy }.map { entry in
            Coverage(policy: entry.policy, rules: entry.ids.indices.map { (entry.ids[$0], entry.allowed[$0], entry.rejected[$0]) })
        }
        return Outcome(cases: results, coverage: reports)
    }

    private static func runCase(_ node: Node, file: YAMLFile, policy: PolicyFile, catalog: InstrumentCatalog) throws -> (CaseResult, Guardrails) {
        var name = "case at line \(node.mark?.line ?? 0)"
        var givenNode: Node?
        var orderNode: Node?
        var expectNode: Node?
        for (key, _, value) in try file.mapping(node, allowed: ["name", "given", "order", "expect"], what: "a test case") {
            switch key {
            case "name": name = try file.scalar(value, what: "name")
            case "given": givenNode = value
            case "order": orderNode = value
            default: expectNode = value
            }
        }
        guard let orderNode, let expectNode else {
            throw file.error(.schema, "test case '\(name)' needs `order` and `expect`", at: node, hint: "expect: allow, or expect: reject RULE-ID")
        }
        let expected = try file.scalar(expectNode, what: "expect")
        guard expected == "allow" || expected.hasPrefix("reject ") else {
            throw file.error(.value, "expect must be `allow` or `reject RULE-ID`, not '\(expected)'", at: expectNode)
        }
        let given = try CaseGiven.parse(givenNode, file: file, number: number)
        var symbols = SymbolTable()
        for symbol in given.positions.keys.sorted() + given.prices.keys.sorted() { _ = symbols.intern(symbol) }
        let orderFields = try orderSpec(file, orderNode)
        _ = symbols.intern(orderFields.symbol)
        for node in given.openOrderNodes + given.recentNodes { _ = symbols.intern(try orderSpec(file, node).symbol) }
        let instruments = symbols.names.map { catalog.instrument(for: $0).0 }
        let guardrails = try Guardrails(policy: policy.policy, policyHash: policy.sha256, strategy: given.strategy, symbols: symbols)
        var snapshot = GuardrailsSnapshot(policyHash: policy.sha256)
        for (id, mode) in given.breakerModes {
            guard policy.policy.breakers.contains(where: { $0.id == id }) else { throw file.error(.value, "the policy has no breaker '\(id)'", at: givenNode ?? node) }
            snapshot.breakers[id] = .init(mode: mode, trippedAt: given.now, reason: "given by the test")
        }
        snapshot.kill = given.kill ? "given by the test" : nil
        guardrails.restore(snapshot)

        func order(_ spec: OrderSpec, id: Int64) throws -> (OrderIntent, Order) {
            let symbol = symbols.intern(spec.symbol)
            let instrument = instruments[Int(symbol.rawValue)]
            let request = OrderRequest(
                symbol: symbol, side: spec.side, kind: spec.kind, quantity: spec.qty, price: spec.kind.hasLimit ? spec.price : nil,
                trigger: spec.kind.hasTrigger ? spec.price : nil
            )
            switch request.rounded(onto: instrument, now: given.now) {
            case .success(var order):
                order.id = OrderID(id)
                return (OrderIntent(order: order), order)
            case .failure(let rejection):
                throw file.error(.value, "the engine would refuse this order before the policy sees it: \(rejection)", at: spec.node)
            }
        }
        var openOrders: [Order] = []
        for (index, node) in given.openOrderNodes.enumerated() { openOrders.append(try order(orderSpec(file, node), id: Int64(index + 1)).1) }
        var account = AccountView(
            now: given.now, cash: Money(given.cash) ?? .zero, equity: given.cash, positions: symbols.names.map { name in
                let instrument = catalog.instrument(for: name).0
                return Int64(((given.positions[name] ?? 0) * Double(FixedFormat.power(instrument.quantityDecimals))).rounded())
            },
            lastPrice: symbols.names.map { given.prices[$0]?.0 ?? .nan }, lastPriceTime: symbols.names.map { given.prices[$0].map { given.now - $0.1 } ?? .min },
            openOrders: openOrders, instruments: instruments, symbols: symbols
        )
        for index in symbols.names.indices where account.lastPrice[index].isFinite {
            account.equity += instruments[index].double(Quantity(units: account.positions[index])) * account.lastPrice[index]
        }
        for node in given.recentNodes {
            let spec = try orderSpec(file, node)
            var earlier = account
            earlier.now = given.now - spec.ago
            _ = guardrails.check(try order(spec, id: 0).0, account: earlier)
        }
        let allowCounts = guardrails.allowCounts, rejectCounts = guardrails.rejectCounts
        let verdict = guardrails.check(try order(orderFields, id: 0).0, account: account)
        let actual = if case .reject(let rejection) = verdict { "reject \(rejection.rule)" } else { "allow" }
        let coverageOnly = Guardrails.Counts(allow: zip(guardrails.allowCounts, allowCounts).map { $0 - $1 }, reject: zip(guardrails.rejectCounts, rejectCounts).map { $0 - $1 })
        guardrails.setCounts(coverageOnly)
        var result = CaseResult(file: file.path, line: node.mark?.line ?? 0, name: name, expected: expected, actual: actual)
        if case .reject(let rejection) = verdict, !result.passed { result.actual += " (\(rejection.code): \(rejection.message))" }
        return (result, guardrails)
    }

    struct OrderSpec {
        var node: Node
        var symbol: String
        var side: Side
        var kind: OrderKind
        var qty: Double
        var price: Double?
        var ago: Int64
    }

    private static func orderSpec(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> OrderSpec {
        var spec = OrderSpec(node: node, symbol: "", side: .buy, kind: .market, qty: 0, price: nil, ago: 0)
        for (key, _, value) in try file.mapping(node, allowed: ["symbol", "side", "type", "qty", "price", "ago"], what: "an order") {
            switch key {
            case "symbol": spec.symbol = try file.scalar(value, what: "symbol")
            case "side":
                guard let side = Side(rawValue: try file.scalar(value, what: "side")) else { throw file.error(.value, "side must be buy or sell", at: value) }
                spec.side = side
            case "type":
                guard let kind = OrderKind(rawValue: try file.scalar(value, what: "type")) else { throw file.error(.value, "type must be market, limit or stop", at: value) }
                spec.kind = kind
            case "qty": spec.qty = try number(file, value, "qty")
            case "price": spec.price = try number(file, value, "price")
            default: spec.ago = try PolicyFile.duration(file, value)
            }
        }
        guard !spec.symbol.isEmpty, spec.qty > 0 else { throw file.error(.schema, "an order needs symbol and a positive qty", at: node) }
        return spec
    }

    private static func number(_ file: YAMLFile, _ node: Node, _ what: String) throws(ConfigError) -> Double {
        try file.number(node, what: what)
    }
}

/// The account and desk state a policy test case starts from (its `given:`).
private struct CaseGiven {
    var now: Int64 = 1_704_067_200_000
    var cash = 100_000.0
    var strategy = "test"
    var positions: [String: Double] = [:]
    var prices: [String: (Double, Int64)] = [:]
    var breakerModes: [String: TradingMode] = [:]
    var kill = false
    var openOrderNodes: [Node] = []
    var recentNodes: [Node] = []

    static func parse(_ node: Node?, file: YAMLFile, number: (YAMLFile, Node, String) throws -> Double) throws -> CaseGiven {
        var given = CaseGiven()
        guard let node else { return given }
        for (key, _, value) in try file.mapping(node, allowed: ["now", "cash", "strategy", "positions", "prices", "open_orders", "recent_orders", "breakers", "kill"], what: "given") {
            switch key {
            case "now":
                let text = try file.scalar(value, what: "now")
                guard let time = ISOTime.parse(text) else { throw file.error(.value, "now '\(text)' is not a time", at: value, hint: "e.g. 2024-01-03T10:00:00Z") }
                given.now = time
            case "cash": given.cash = try number(file, value, "cash")
            case "strategy": given.strategy = try file.scalar(value, what: "strategy")
            case "positions":
                for (symbol, _, quantity) in try file.mapping(value, what: "positions") { given.positions[symbol] = try number(file, quantity, "position") }
            case "prices":
                for (symbol, _, spec) in try file.mapping(value, what: "prices") {
                    if spec.scalar != nil {
                        given.prices[symbol] = (try number(file, spec, "price"), 0)
                    } else {
                        var price = 0.0
                        var age: Int64 = 0
                        for (field, _, fieldValue) in try file.mapping(spec, allowed: ["price", "age"], what: "a price") {
                            if field == "price" { price = try number(file, fieldValue, "price") } else { age = try PolicyFile.duration(file, fieldValue) }
                        }
                        given.prices[symbol] = (price, age)
                    }
                }
            case "open_orders":
                given.openOrderNodes = Array(value.sequence ?? [])
            case "recent_orders":
                given.recentNodes = Array(value.sequence ?? [])
            case "breakers":
                for (id, _, modeNode) in try file.mapping(value, what: "breakers") {
                    let text = try file.scalar(modeNode, what: "breaker state")
                    guard let mode = TradingMode(rawValue: text) else { throw file.error(.value, "breaker state must be active, reduce_only or halted", at: modeNode) }
                    given.breakerModes[id] = mode
                }
            default:
                given.kill = (try file.scalar(value, what: "kill")) == "true"
            }
        }
        return given
    }
}

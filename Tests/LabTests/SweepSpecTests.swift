import Drivers
import Foundation
@testable import Lab
import Strategies
import Testing

@Suite("Sweep specs")
struct SweepSpecTests {
    func loadError(_ text: String) -> ConfigError? {
        do {
            _ = try SweepSpec.load(path: "spec.yaml", text: text)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("a spec expands lists, stepped ranges and log ranges in spec order")
    func expandsRanges() throws {
        let spec = try SweepSpec.load(path: "spec.yaml", text: Specs.text(ranges: "fast: [5, 8]\n  slow: { range: [20, 40], step: 10 }\n  size: { log_range: [0.01, 1], count: 3 }"))
        #expect(spec.axes.map(\.name) == ["fast", "slow", "size"])
        #expect(spec.axes[1].values == [.int(20), .int(30), .int(40)])
        #expect(spec.axes[2].values == [.number(0.01), .number(0.1), .number(1)])
        let plan = try SweepPlan(spec: spec)
        #expect(plan.scenarios.count == 2 * 3 * 3)
        #expect(plan.paramSets.first?["fast"] == .int(5) && plan.paramSets.first?["slow"] == .int(20))
        #expect(plan.paramSets.last?["fast"] == .int(8) && plan.paramSets.last?["size"] == .number(1))
    }

    @Test("an unknown parameter is refused at its line and column, naming the declared ones")
    func unknownParameter() {
        let error = loadError(Specs.text(ranges: "fast: [5]\n  slowness: [20]"))
        #expect(error?.message.contains("unknown parameter 'slowness'") == true)
        #expect(error?.line == 5 && error?.column == 3)
        #expect(error?.hint?.contains("fast") == true)
    }

    @Test("a range outside the strategy's schema is refused with the schema's bounds")
    func outsideSchema() {
        let error = loadError(Specs.text(ranges: "fast: [1, 5]\n  slow: [20]"))
        #expect(error?.message.contains("below the schema's minimum 2") == true)
        #expect(error?.line == 4)
        let above = loadError(Specs.text(ranges: "fast: [5]\n  slow: { range: [400, 600], step: 100 }"))
        #expect(above?.message.contains("above the schema's maximum 500") == true)
    }

    @Test("empty ranges are refused: an empty list, a reversed range, a zero step")
    func emptyRanges() {
        #expect(loadError(Specs.text(ranges: "fast: []\n  slow: [20]"))?.message.contains("no values") == true)
        #expect(loadError(Specs.text(ranges: "fast: [5]\n  slow: { range: [60, 20], step: 10 }"))?.message.contains("the range is empty") == true)
        #expect(loadError(Specs.text(ranges: "fast: [5]\n  slow: { range: [20, 60], step: 0 }"))?.message.contains("step must be positive") == true)
        #expect(loadError(Specs.text(ranges: "{}"))?.message.contains("nothing to sweep") == true)
    }

    @Test("unknown keys, bad objectives and bad periods point at their line")
    func badKeys() {
        let typo = loadError(Specs.text(extra: "objectve: sharpe"))
        #expect(typo?.message.contains("unknown key 'objectve'") == true)
        #expect(typo?.line != nil)
        #expect(loadError(Specs.text(extra: "constraints: { max_drawdown: 5 }"))?.message.contains("fraction") == true)
        let text = Specs.text().replacingOccurrences(of: "objective: total_return", with: "objective: happiness")
        #expect(loadError(text)?.hint?.contains("sharpe") == true)
    }

    @Test("a grid beyond max_scenarios is refused with its size and a pointer to random sampling")
    func combinatorialCap() throws {
        let spec = try SweepSpec.load(path: "spec.yaml", text: Specs.text(ranges: "fast: { range: [2, 100], step: 1 }\n  slow: { range: [101, 500], step: 1 }", extra: "max_scenarios: 1000"))
        do {
            _ = try SweepPlan(spec: spec)
            Issue.record("the plan should have been refused")
        } catch {
            #expect(error.message.contains("39600 scenarios"))
            #expect(error.hint?.contains("random") == true)
        }
    }

    @Test("random search draws distinct param sets, the same ones for the same seed")
    func randomSearch() throws {
        let text = Specs.text(ranges: "fast: { range: [2, 100], step: 1 }\n  slow: { range: [101, 500], step: 1 }", extra: "search: { random: 50, seed: 7 }\nmax_scenarios: 1000")
        let first = try SweepPlan(spec: SweepSpec.load(path: "spec.yaml", text: text))
        let second = try SweepPlan(spec: SweepSpec.load(path: "spec.yaml", text: text))
        #expect(first.paramSets.count == 50)
        #expect(Set(first.paramSets.map { "\($0["fast"]!)-\($0["slow"]!)" }).count == 50)
        #expect(first.paramSets == second.paramSets)
        let other = try SweepPlan(spec: SweepSpec.load(path: "spec.yaml", text: text.replacingOccurrences(of: "seed: 7", with: "seed: 8")))
        #expect(other.paramSets != first.paramSets)
    }

    @Test("walk-forward windows roll or anchor and stop where the data ends")
    func walkForwardWindows() throws {
        let day: Int64 = 86_400_000
        let spec = try SweepSpec.load(path: "spec.yaml", text: Specs.text(extra: "walk_forward: { in_sample: 2d, out_of_sample: 1d }"))
        let walk = try #require(spec.walkForward)
        #expect(walk.stepMs == day)
        let rolling = WalkForwardJob.windows(first: 0, last: 6 * day - 1, spec: walk)
        #expect(rolling.count == 4)
        #expect(rolling[1].inSample == day...(3 * day - 1))
        #expect(rolling[3].outOfSample == (5 * day)...(6 * day - 1))
        var anchored = walk
        anchored.mode = .anchored
        let grown = WalkForwardJob.windows(first: 0, last: 6 * day - 1, spec: anchored)
        #expect(grown.count == 4 && grown[3].inSample == 0...(5 * day - 1))
        #expect(SweepSpec.duration("90m") == 5_400_000 && SweepSpec.duration("2x") == nil)
    }
}

import SparkCore

/// An order on the simulated venue's book, with what the venue tracks beyond the order itself.
struct RestingOrder {
    var order: Order
    /// Bars of its symbol it still waits (latency) before it works; meaningful while `pending`.
    var wait: Int
    /// Sent since its symbol's last bar opened: it works from a later bar.
    var pending = true
    /// A bracket exit whose entry has not filled completely: it does not work yet.
    var held: Bool
    /// Whether it has started working (its first working bar has begun).
    var started = false
    /// True during the bar on which it started working: what IOC and FOK are measured against.
    var firstBar = false
    /// A stop-limit or take-profit-limit whose trigger was reached: it now works as a limit order.
    var triggered = false
    /// A trailing stop's best price since it started (highest for a sell, lowest for a buy).
    var best: Price?
    /// A trailing stop's current trigger: fixed during a bar, moved after the bar (docs/fills.md).
    var trailTrigger: Price?

    init(_ order: Order, wait: Int) {
        self.order = order
        self.wait = wait
        self.held = order.parent != nil
    }

    /// Whether it is on the book and may act on the current bar.
    var live: Bool { !pending && !held }

    /// The condition that makes it act now: a direction and a level. `above` means "when the price is
    /// at or above `level`"; nil for a market order (it acts at once).
    var condition: (above: Bool, level: Price)? {
        let buy = order.side == .buy
        switch order.kind {
        case .market:
            return nil
        case .limit:
            return (!buy, order.price!)
        case .stop, .stopLimit:
            return triggered ? (!buy, order.price!) : (buy, order.trigger!)
        case .takeProfit, .takeProfitLimit:
            return triggered ? (!buy, order.price!) : (!buy, order.trigger!)
        case .trailingStop:
            return (buy, trailTrigger!)
        }
    }

    /// Whether reaching the condition fills it (rather than only triggering its limit).
    var fillsOnTouch: Bool { !(order.kind == .stopLimit || order.kind == .takeProfitLimit) || triggered }

    /// Whether, once reached, it executes as a limit order (at its limit or better) rather than at market.
    var isLimitNow: Bool { order.kind == .limit || triggered }

    /// Tie-break among orders reached at the same point of a bar: stops before market orders before
    /// limits and take-profits (the adverse reading), then sells before buys, then the level, then the id.
    var rank: (Int, Int, Int64) {
        let kindRank: Int
        switch order.kind {
        case .stop, .trailingStop: kindRank = 0
        case .stopLimit: kindRank = triggered ? 2 : 0
        case .market: kindRank = 1
        default: kindRank = 2
        }
        return (kindRank, order.side == .sell ? 0 : 1, condition?.level.units ?? 0)
    }

    /// Where, moving from `current` toward `target`, its condition first holds: `current` itself when it
    /// already holds there (a gap, or an order that starts working beyond its level), else its level
    /// when the move reaches it; nil when the move does not reach it.
    func touch(from current: Price, to target: Price) -> Price? {
        guard let condition else { return current }
        let holds = condition.above ? current >= condition.level : current <= condition.level
        if holds { return current }
        let reaches = condition.above ? target >= condition.level : target <= condition.level
        return reaches ? condition.level : nil
    }
}

/// The points a bar's price is assumed to visit, in order: open → first extreme → second extreme → close.
struct BarPath {
    var points: (Price, Price, Price, Price)

    init(open: Price, high: Price, low: Price, close: Price, highFirst: Bool) {
        points = highFirst ? (open, high, low, close) : (open, low, high, close)
    }

    /// Segment `index` (0...3) as (from, to): 0 is the open itself, a segment of no length, then
    /// open → first extreme, first → second extreme, second extreme → close. No array, no allocation.
    func segment(_ index: Int) -> (Price, Price) {
        switch index {
        case 0: (points.0, points.0)
        case 1: (points.0, points.1)
        case 2: (points.1, points.2)
        default: (points.2, points.3)
        }
    }

    /// Whether the high is visited before the low under `rule`, given the venue's position after the open.
    static func highFirst(_ rule: FillModel.IntrabarPath, position: Int64, open: Price, high: Price, low: Price) -> Bool {
        let nearerHigh = high.units - open.units < open.units - low.units
        switch rule {
        case .nearest: return nearerHigh
        case .adverse: return position == 0 ? nearerHigh : position < 0
        case .favorable: return position == 0 ? nearerHigh : position > 0
        }
    }
}

/// A Binance kline interval (`1m`, `4h`, `1d`, …) and its length.
public struct BarInterval: Sendable, Hashable, CustomStringConvertible {
    /// The name as Binance writes it.
    public let name: String
    /// Length in milliseconds; nil for `1mo`, whose length varies.
    public let milliseconds: Int64?

    /// Every interval Binance serves, shortest first.
    public static let all: [BarInterval] = [
        ("1s", 1_000), ("1m", 60_000), ("3m", 180_000), ("5m", 300_000), ("15m", 900_000), ("30m", 1_800_000),
        ("1h", 3_600_000), ("2h", 7_200_000), ("4h", 14_400_000), ("6h", 21_600_000), ("8h", 28_800_000),
        ("12h", 43_200_000), ("1d", 86_400_000), ("3d", 259_200_000), ("1w", 604_800_000),
    ].map { BarInterval(name: $0.0, milliseconds: $0.1) } + [BarInterval(name: "1mo", milliseconds: nil)]

    /// The interval named `name`, or nil when Binance has no such interval.
    public init?(_ name: String) {
        guard let found = Self.all.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    private init(name: String, milliseconds: Int64?) {
        self.name = name
        self.milliseconds = milliseconds
    }

    /// The interval named `name`, or a ``CSVError`` `.series` that lists the valid names.
    public static func parse(_ name: String, file: String = "") throws(CSVError) -> BarInterval {
        guard let interval = BarInterval(name) else {
            throw CSVError(.series, "unknown interval '\(name)'", file: file, hint: "use one of \(all.map(\.name).joined(separator: ", "))")
        }
        return interval
    }

    /// Whether bars of this interval open on a fixed grid of epoch multiples (false for 3d, 1w, 1mo,
    /// whose bars Binance anchors elsewhere), so off-grid times can be checked.
    public var hasEpochGrid: Bool {
        guard let milliseconds else { return false }
        return milliseconds <= 86_400_000
    }

    public var description: String { name }
}

/// Maps values to colours: diverging around 0 (red below, blue above) when values have both signs,
/// sequential (viridis) otherwise. Both read in grey-scale print and for most colour-blind readers.
struct ColorScale: Sendable {
    var low: Double
    var high: Double
    var diverging: Bool

    // ColorBrewer RdBu (5 classes) and viridis anchors, interpolated linearly.
    private static let redBlue: [Color] = [0xB2182B, 0xEF8A62, 0xF7F7F7, 0x67A9CF, 0x2166AC].map { Color(hex: $0) }
    private static let viridis: [Color] = [
        0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725,
    ].map { Color(hex: $0) }

    init(values: [Double]) {
        let low = values.min() ?? 0, high = values.max() ?? 1
        if low < 0, high > 0 {
            let m = max(-low, high)
            (self.low, self.high, diverging) = (-m, m, true)
        } else if low == high {
            (self.low, self.high, diverging) = (low - 1, high + 1, false)
        } else {
            (self.low, self.high, diverging) = (low, high, false)
        }
    }

    func color(_ value: Double) -> Color {
        let t = min(1, max(0, (value - low) / (high - low)))
        let stops = diverging ? Self.redBlue : Self.viridis
        let position = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(position))
        return stops[i].mixed(with: stops[i + 1], position - Double(i))
    }
}

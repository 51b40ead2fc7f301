import Live

/// A finite list of bars, as a feed that ends.
actor ListBarSource: LiveBarSource {
    private var bars: [LiveBar]
    init(_ bars: [LiveBar]) { self.bars = bars }
    func next() async throws -> LiveBar? { bars.isEmpty ? nil : bars.removeFirst() }
}

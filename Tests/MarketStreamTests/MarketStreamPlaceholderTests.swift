import Testing
@testable import MarketStream

@Suite struct MarketStreamPlaceholderTests {}

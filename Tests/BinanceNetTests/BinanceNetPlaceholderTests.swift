import Testing
@testable import BinanceNet

@Suite struct BinanceNetPlaceholderTests {}

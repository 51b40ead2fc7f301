import Testing
@testable import FakeBinance

@Suite struct FakeBinancePlaceholderTests {}

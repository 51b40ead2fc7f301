import Testing
@testable import Live

@Suite struct LivePlaceholderTests {}

import Foundation
import Testing
@testable import Drivers

@Suite("spark strategy check")
struct StrategyCheckTests {
    @Test("bounds print as the strategy writes them: integers without a fraction, small numbers as decimals")
    func bounds() throws {
        let path = Paths.write("""
        strategy = { name = "bounds", params = {
          period = { type = "int", min = 2, max = 100, default = 14 },
          size = { type = "number", min = 0.00001, max = 2.5, default = 0.05 },
        } }
        function on_bar(ctx, bar) end
        """, named: "bounds.lua")
        let text = try StrategyCheck.run(path: path, paramsPath: nil)
        #expect(text.contains("period: int, min 2, max 100, default 14"), "\(text)")
        #expect(text.contains("size: number, min 0.00001, max 2.5, default 0.05"), "\(text)")
        #expect(StrategyCheck.bound(-3) == "-3" && StrategyCheck.bound(1e-12) == "0.000000000001")
    }
}

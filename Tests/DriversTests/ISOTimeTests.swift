import Foundation
import Testing
@testable import Drivers

/// docs/architecture.md, "Performance": ISO times are written digit by digit, byte for byte as
/// `gmtime_r` and `String(format:)` wrote them.
@Suite("ISO time")
struct ISOTimeTests {
    @Test("the digit-by-digit time (as a string and appended as bytes) equals the C library's for the epoch, leap days, century edges, milliseconds and 100,000 random times")
    func sameAsTheCLibrary() {
        var times: [Int64] = [0, 1, 999, 1000, 59_999, 86_399_999, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<100_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let time = Int64(state >> 17) % 253_402_300_800_000
            // Half on whole seconds, as bar times are.
            times.append(state & 1 == 0 ? time - time % 1000 : time)
        }
        for time in times {
            #expect(ISOTime.string(time) == ISOTime.formatted(time), "\(time)")
            var bytes: [UInt8] = [0x2C]
            ISOTime.append(time, to: &bytes)
            #expect(bytes == [0x2C] + Array(ISOTime.formatted(time).utf8), "appended after a comma: \(time)")
        }
        #expect(ISOTime.string(1_704_067_200_000) == "2024-01-01T00:00:00Z")
        #expect(ISOTime.string(1_709_164_800_123) == "2024-02-29T00:00:00.123Z")
    }
}

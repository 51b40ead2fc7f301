/// The limiter's verdict on one request: the counters for the headers and the log entry.
struct FakeAdmission: Sendable {
    var usedWeight: Int
    var orders10s: Int?
    var ordersDay: Int?
    var logIndex: Int
    var refusal: FakeAPIError?
}

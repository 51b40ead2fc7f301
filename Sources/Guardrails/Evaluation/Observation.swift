/// What breakers read after an event: its time, marked equity and each symbol's last price time.
struct Observation {
    var now: Int64
    var equity: Double
    var lastPriceTime: [Int64]
}

/// The input checks every chart shares; each throws a ``ChartError`` naming the input and the index.
enum Validation {
    static func nonEmpty(_ count: Int, _ name: String) throws(ChartError) {
        guard count > 0 else {
            throw ChartError(.empty, "\(name) is empty: there is nothing to draw", hint: "pass at least one value in \(name)")
        }
    }

    static func sameLength(_ count: Int, _ name: String, as expected: Int, _ reference: String) throws(ChartError) {
        guard count == expected else {
            throw ChartError(
                .mismatchedLengths, "\(name) has \(count) values but \(reference) has \(expected)",
                hint: "give \(name) one value per entry of \(reference)"
            )
        }
    }

    static func finite(_ values: [Double], _ name: String) throws(ChartError) {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw nonFinite(values[i], "\(name)[\(i)]")
        }
    }

    static func nonFinite(_ value: Double, _ place: String) -> ChartError {
        ChartError(.nonFinite, "\(place) is \(value), not a finite number", hint: "drop or repair that point before charting")
    }

    static func ascending(_ times: [Int64], _ name: String) throws(ChartError) {
        var i = 1
        while i < times.count {
            if times[i] < times[i - 1] {
                throw ChartError(
                    .unordered, "\(name)[\(i)] (\(times[i])) is earlier than \(name)[\(i - 1)] (\(times[i - 1]))",
                    hint: "sort the series by time"
                )
            }
            i += 1
        }
    }
}

public import SparkCore

/// The identity of a param set: the SHA-256 of its canonical form.
///
/// The canonical form is `{"strategy":NAME,"values":{…}}` in ``CanonicalJSON``, over the values as
/// the strategy's schema resolved them (typed per the schema, defaults filled in), so what is hashed
/// is exactly what runs: reordered keys and equivalent number spellings give the same hash.
public struct ParamSetIdentity: Sendable, Equatable {
    public var strategy: String
    public var values: [String: ParamValue]

    public init(strategy: String, values: [String: ParamValue]) {
        self.strategy = strategy
        self.values = values
    }

    /// The canonical JSON text that is hashed.
    public var canonical: String {
        CanonicalJSON.object(["strategy": .string(strategy), "values": .object(values.mapValues(Self.json))]).text
    }

    /// Lower-case hex SHA-256 of ``canonical``.
    public var sha256: String {
        CanonicalJSON.object(["strategy": .string(strategy), "values": .object(values.mapValues(Self.json))]).sha256
    }

    static func json(_ value: ParamValue) -> CanonicalJSON {
        switch value {
        case .int(let integer): .integer(integer)
        case .number(let number): number.rounded() == number && abs(number) < 9e15 ? .integer(Int64(number)) : .number(number)
        case .bool(let flag): .bool(flag)
        case .string(let text): .string(text)
        }
    }
}

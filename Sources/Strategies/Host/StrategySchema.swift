public import SparkCore

/// The parameters a strategy declares in `strategy.params`, against which every param set is checked.
public struct StrategySchema: Sendable, Equatable {
    /// One declared parameter.
    public struct Parameter: Sendable, Equatable {
        public enum Kind: String, Sendable { case int, number, bool, string }
        public var name: String
        public var kind: Kind
        public var min: Double?
        public var max: Double?
        public var defaultValue: ParamValue?
        public var description: String?
    }

    public var name: String
    public var parameters: [Parameter]

    public init(name: String, parameters: [Parameter]) {
        self.name = name
        self.parameters = parameters.sorted { $0.name < $1.name }
    }

    /// Checks `values` against the schema and fills in defaults.
    ///
    /// - Throws: ``ParamError`` naming the first problem: an unknown key, a wrong type, a value out of
    ///   range, or a required parameter (one without a default) that is missing.
    public func resolve(_ values: [String: ParamValue], source: String) throws(ParamError) -> [String: ParamValue] {
        for key in values.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw ParamError(key: key, source: source, message: "unknown parameter '\(key)' for strategy \(name); it declares: \(known)")
        }
        var resolved: [String: ParamValue] = [:]
        for parameter in parameters {
            guard let raw = values[parameter.name] ?? parameter.defaultValue else {
                throw ParamError(key: parameter.name, source: source, message: "parameter '\(parameter.name)' has no default and no value; set it in the param set or with --set \(parameter.name)=…")
            }
            resolved[parameter.name] = try check(raw, against: parameter, source: source)
        }
        return resolved
    }

    private func check(_ value: ParamValue, against parameter: Parameter, source: String) throws(ParamError) -> ParamValue {
        let typed: ParamValue
        switch (parameter.kind, value) {
        case (.int, .int), (.number, .number), (.bool, .bool), (.string, .string):
            typed = value
        case (.number, .int(let integer)):
            typed = .number(Double(integer))
        case (.int, .number(let number)) where number.rounded() == number && abs(number) < 9e15:
            typed = .int(Int64(number))
        default:
            throw ParamError(key: parameter.name, source: source, message: "parameter '\(parameter.name)' must be \(parameter.kind.rawValue), got \(value)")
        }
        let numeric: Double? = switch typed {
        case .int(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
        if let numeric {
            guard numeric.isFinite else {
                throw ParamError(key: parameter.name, source: source, message: "parameter '\(parameter.name)' must be finite")
            }
            if let min = parameter.min, numeric < min {
                throw ParamError(key: parameter.name, source: source, message: "parameter '\(parameter.name)' = \(typed) is below its minimum \(min)")
            }
            if let max = parameter.max, numeric > max {
                throw ParamError(key: parameter.name, source: source, message: "parameter '\(parameter.name)' = \(typed) is above its maximum \(max)")
            }
        }
        return typed
    }
}

import Foundation
public import SparkCore

/// A semantic diff of two param sets: keys added, removed and changed, with the relative change of numbers.
public struct ParamDiff: Sendable, Equatable {
    /// One key that differs.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, removed, changed }
        public var key: String
        public var kind: Kind
        public var old: ParamValue?
        public var new: ParamValue?

        /// (new − old) / |old| for numbers; nil otherwise or when old is zero.
        public var relative: Double? {
            guard let old = old.flatMap(Self.numeric), let new = new.flatMap(Self.numeric), old != 0 else { return nil }
            return (new - old) / abs(old)
        }

        static func numeric(_ value: ParamValue) -> Double? {
            switch value {
            case .int(let integer): Double(integer)
            case .number(let number): number
            default: nil
            }
        }
    }

    public var changes: [Change]

    /// Compares by canonical value, so `10` and `10.0` are equal and key order does not matter.
    public init(old: [String: ParamValue], new: [String: ParamValue]) {
        var changes: [Change] = []
        for key in Set(old.keys).union(new.keys).sorted() {
            switch (old[key], new[key]) {
            case (let before?, let after?) where ParamSetIdentity.json(before) != ParamSetIdentity.json(after):
                changes.append(Change(key: key, kind: .changed, old: before, new: after))
            case (let before?, nil):
                changes.append(Change(key: key, kind: .removed, old: before, new: nil))
            case (nil, let after?):
                changes.append(Change(key: key, kind: .added, old: nil, new: after))
            default:
                break
            }
        }
        self.changes = changes
    }

    /// One line per change: `~ fast: 10 → 12 (+20.00%)`, `+ key: value`, `- key: value`.
    public var lines: [String] {
        if changes.isEmpty { return ["(no changes)"] }
        return changes.map { change in
            switch change.kind {
            case .added: "+ \(change.key): \(Self.show(change.new!))"
            case .removed: "- \(change.key): \(Self.show(change.old!))"
            case .changed:
                "~ \(change.key): \(Self.show(change.old!)) → \(Self.show(change.new!))" + (change.relative.map { " (\(Self.percent($0)))" } ?? "")
            }
        }
    }

    /// The diff as canonical JSON: `[{"key":…,"change":…,"old":…,"new":…,"relative":…}]`.
    public var json: CanonicalJSON {
        .array(changes.map { change in
            var fields: [String: CanonicalJSON] = ["key": .string(change.key), "change": .string(change.kind.rawValue)]
            fields["old"] = change.old.map(ParamSetIdentity.json) ?? .null
            fields["new"] = change.new.map(ParamSetIdentity.json) ?? .null
            fields["relative"] = change.relative.map { .number($0) } ?? .null
            return .object(fields)
        })
    }

    static func show(_ value: ParamValue) -> String {
        let json = ParamSetIdentity.json(value)
        if case .string(let text) = json { return CanonicalJSON.quote(text) }
        return json.text
    }

    static func percent(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + String(format: "%.2f%%", value * 100)
    }
}

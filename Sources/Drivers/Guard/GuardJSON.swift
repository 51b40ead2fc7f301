import Foundation
import Guardrails

/// Breaker snapshots as compact, key-sorted JSON text, for journal headers.
enum GuardJSON {
    static func encode(_ snapshot: GuardrailsSnapshot) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(snapshot)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ text: String) -> GuardrailsSnapshot? {
        try? JSONDecoder().decode(GuardrailsSnapshot.self, from: Data(text.utf8))
    }
}

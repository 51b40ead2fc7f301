import Foundation

/// The fields of a credentials file: JSON, or the flat YAML subset (`key: value`, lists inline
/// `[a, b]` or as `- a` lines) that credentials need. Errors name the line, never its value.
struct CredentialsFile {
    var scalars: [String: String] = [:]
    var lists: [String: [String]] = [:]

    static func parse(_ text: String, source: String) throws(CredentialsError) -> CredentialsFile {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") { return try parseJSON(text, source: source) }
        var file = CredentialsFile()
        var openList: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "---" { continue }
            if line.hasPrefix("- "), let key = openList {
                file.lists[key, default: []].append(unquote(String(line.dropFirst(2))))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw CredentialsError(.malformed, "line \(index + 1) is not `key: value`", where: source)
            }
            let key = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            openList = nil
            if value.isEmpty {
                openList = key
                file.lists[key] = []
            } else if value.hasPrefix("[") && value.hasSuffix("]") {
                file.lists[key] = value.dropFirst().dropLast().split(separator: ",").map { unquote(String($0)) }.filter { !$0.isEmpty }
            } else {
                file.scalars[key] = unquote(value)
            }
        }
        return file
    }

    private static func parseJSON(_ text: String, source: String) throws(CredentialsError) -> CredentialsFile {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CredentialsError(.malformed, "not a JSON object", where: source)
        }
        var file = CredentialsFile()
        for (key, value) in object {
            if let text = value as? String {
                file.scalars[key] = text
            } else if let items = value as? [String] {
                file.lists[key] = items
            } else {
                throw CredentialsError(.malformed, "field \(key) is neither text nor a list of text", where: source)
            }
        }
        return file
    }

    private static func unquote(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }
}

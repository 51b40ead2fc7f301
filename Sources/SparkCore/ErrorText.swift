/// The one way Spark prints a user's mistake: `file:line:column: error: message`, then the hint.
public enum ErrorText {
    /// Renders an error for a terminal; the place is left out when there is none.
    public static func render(file: String?, line: Int?, column: Int?, message: String, hint: String?) -> String {
        var place = file ?? ""
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var text = place.isEmpty ? "error: \(message)" : "\(place): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

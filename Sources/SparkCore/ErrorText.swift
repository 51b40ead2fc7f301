/// The one way Spark prints a user's mistake: `file:line:column: error: message`, then the hint.
public enum ErrorText {
    /// Renders an error for a terminal; the place is left out when there is none.
    public static func render(file: String?, line: Int?, column: Int?, message: String, hint: String?) -> String {
        // Messages quote files, ids and reasons others wrote: nothing in them may hide or pose as something else.
        var place = DisplayText.escape(file ?? "")
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var text = place.isEmpty ? "error: \(DisplayText.escapeLines(message))" : "\(place): error: \(DisplayText.escapeLines(message))"
        if let hint { text += "\n  hint: \(DisplayText.escapeLines(hint))" }
        return text
    }
}

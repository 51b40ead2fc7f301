/// An error from a ``LuaState``: a syntax or runtime error of the script, an overrun budget, a
/// sandbox refusal, or a host function's error, with the script position and traceback when known.
public struct LuaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is.
    public var code: Code
    /// The message as Lua gave it, usually starting with "chunk:line: ".
    public var message: String
    /// The chunk name the position refers to (e.g. "strategies/sma_cross.lua"), when known.
    public var chunk: String?
    /// The line in ``chunk``, when known.
    public var line: Int?
    /// The Lua stack traceback ("stack traceback:\n\t…"), when there is one.
    public var traceback: String?

    /// An error; `chunk` and `line` are parsed from `message` when not given.
    public init(code: Code, message: String, chunk: String? = nil, line: Int? = nil, traceback: String? = nil) {
        self.code = code
        self.message = message
        self.chunk = chunk
        self.line = line
        self.traceback = traceback
        if chunk == nil, line == nil, let position = Self.position(in: message) {
            self.chunk = position.chunk
            self.line = position.line
        }
    }

    /// "chunk:line" when both are known.
    public var location: String? {
        guard let chunk else { return nil }
        guard let line else { return chunk }
        return "\(chunk):\(line)"
    }

    /// What to do about it, in one sentence.
    public var hint: String {
        switch code {
        case .syntax: "fix the Lua syntax at the line shown"
        case .runtime: "the error was raised at the line shown; the traceback lists the calls that led there"
        case .timeBudget: "the callback ran past its time budget; look for an unbounded loop, or raise the budget"
        case .instructionBudget: "the callback ran past its instruction budget; look for an unbounded loop, or raise the budget"
        case .memory: "the script broke its memory cap; keep history bounded (ring buffers), or raise the cap"
        case .sandbox: "the Spark sandbox offers base functions, string, table, math and utf8 only; see docs/lua-sandbox.md"
        case .poisoned: "this Lua state failed earlier and refuses every call; create a new state"
        case .host: "a host function refused the call; its message says why"
        case .invalidArgument: "the host passed a value this Lua state cannot use"
        }
    }

    /// The message, the traceback, and a hint.
    public var description: String {
        var text = message
        if let traceback, !traceback.isEmpty { text += "\n" + traceback }
        text += "\nhint: " + hint
        return text
    }

    /// Finds a leading "chunk:line:" in a Lua message.
    static func position(in message: String) -> (chunk: String, line: Int)? {
        let firstLine = message.prefix { $0 != "\n" }
        var searchStart = firstLine.startIndex
        while let colon = firstLine[searchStart...].firstIndex(of: ":") {
            let afterColon = firstLine.index(after: colon)
            let digits = firstLine[afterColon...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.endIndex < firstLine.endIndex, firstLine[digits.endIndex] == ":",
               let line = Int(digits), colon > firstLine.startIndex {
                return (String(firstLine[..<colon]), line)
            }
            searchStart = afterColon
        }
        return nil
    }
}

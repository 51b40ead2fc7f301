/// Finds the bodies of functions, initializers, subscripts and computed properties in Swift source,
/// with their lengths, by matching braces.
///
/// It is deliberately simple: comments and string literals (including multi-line and raw strings
/// and their interpolations) are blanked first, keeping line breaks, so a brace inside them never
/// counts; then each `func`, `init`, `deinit`, `subscript` or `var` is followed to the `{` that opens
/// its body and that brace to its match. A `var` has a body only when the `{` comes before `=` and
/// on its own line (a computed property, not a stored one); a requirement without a body (a
/// protocol's `func f()`) is recognised by what follows it.
struct FunctionScanner {
    struct Body: Equatable, CustomStringConvertible {
        /// `func`, `init`, `deinit`, `subscript` or `var`.
        var kind: String
        /// The function's or property's name (`init`, `deinit` and `subscript` for those).
        var name: String
        /// 1-based line of the keyword.
        var line: Int
        /// Lines strictly between the line of the opening brace and that of the closing one.
        var length: Int

        var description: String { "\(kind) \(name) at line \(line): \(length) lines" }
    }

    /// Every body in `source`, in the order they open.
    static func bodies(in source: String) -> [Body] {
        let code = Array(blankCommentsAndStrings(source).utf8)
        var lineOf: [Int] = []
        lineOf.reserveCapacity(code.count)
        var line = 1
        for byte in code {
            lineOf.append(line)
            if byte == newline { line += 1 }
        }
        var found: [Body] = []
        var index = 0
        while index < code.count {
            guard isWordStart(code, index), let (word, end) = word(in: code, at: index) else {
                index += 1
                continue
            }
            if ["func", "init", "deinit", "subscript", "var"].contains(word), !isMemberAccess(code, before: index),
               let body = body(of: word, in: code, from: end) {
                let close = matchingBrace(in: code, from: body.open)
                let length = close.map { lineOf[$0] - lineOf[body.open] - 1 } ?? 0
                found.append(Body(kind: word, name: body.name, line: lineOf[index], length: max(0, length)))
            }
            index = end
        }
        return found
    }

    // MARK: Blanking comments and strings

    /// `source` with every comment and string literal replaced by spaces (line breaks kept).
    static func blankCommentsAndStrings(_ source: String) -> String {
        var bytes = Array(source.utf8)
        var blanker = Blanker(bytes: bytes)
        blanker.run()
        bytes = blanker.bytes
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A small state machine over the bytes; a stack of string and interpolation states handles
    /// strings inside interpolations inside strings.
    private struct Blanker {
        enum State {
            /// Code; `parens` counts open parentheses when this code is an interpolation.
            case code(parens: Int)
            case string(hashes: Int, multiline: Bool)
        }

        var bytes: [UInt8]
        var stack: [State] = [.code(parens: 0)]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() {
            while index < bytes.count {
                switch stack[stack.count - 1] {
                case .code(let parens): code(parens: parens)
                case .string(let hashes, let multiline): string(hashes: hashes, multiline: multiline)
                }
            }
        }

        func at(_ offset: Int) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        mutating func blank(_ count: Int) {
            for position in index..<min(index + count, bytes.count) where bytes[position] != newline {
                bytes[position] = space
            }
            index += count
        }

        mutating func code(parens: Int) {
            let byte = bytes[index]
            if byte == slash, at(1) == slash {
                while index < bytes.count, bytes[index] != newline { blank(1) }
            } else if byte == slash, at(1) == star {
                blockComment()
            } else if byte == quote || byte == hash {
                var hashes = 0
                while at(hashes) == hash { hashes += 1 }
                guard at(hashes) == quote else {
                    index += max(1, hashes)
                    return
                }
                let multiline = at(hashes + 1) == quote && at(hashes + 2) == quote
                blank(hashes + (multiline ? 3 : 1))
                stack.append(.string(hashes: hashes, multiline: multiline))
            } else if byte == openParen {
                stack[stack.count - 1] = .code(parens: parens + 1)
                index += 1
            } else if byte == closeParen, stack.count > 1, parens == 0 {
                // The end of an interpolation: back to its string.
                blank(1)
                stack.removeLast()
            } else {
                if byte == closeParen { stack[stack.count - 1] = .code(parens: max(0, parens - 1)) }
                if stack.count > 1 { blank(1) } else { index += 1 }
            }
        }

        /// Block comments nest in Swift.
        mutating func blockComment() {
            var depth = 0
            repeat {
                if bytes[index] == slash, at(1) == star {
                    depth += 1
                    blank(2)
                } else if bytes[index] == star, at(1) == slash {
                    depth -= 1
                    blank(2)
                } else {
                    blank(1)
                }
            } while depth > 0 && index < bytes.count
        }

        mutating func string(hashes: Int, multiline: Bool) {
            let byte = bytes[index]
            if byte == backslash, (0..<hashes).allSatisfy({ at(1 + $0) == hash }) {
                if at(1 + hashes) == openParen {
                    blank(2 + hashes)
                    stack.append(.code(parens: 0))
                } else {
                    blank(2 + hashes)
                }
            } else if byte == quote, !multiline || (at(1) == quote && at(2) == quote),
                      (0..<hashes).allSatisfy({ at((multiline ? 3 : 1) + $0) == hash }) {
                blank((multiline ? 3 : 1) + hashes)
                stack.removeLast()
            } else {
                blank(1)
            }
        }
    }

    // MARK: Finding bodies

    /// Where the body of the declaration whose keyword ends at `start` opens, and its name; nil when
    /// it has none (a stored property, a requirement).
    private static func body(of keyword: String, in code: [UInt8], from start: Int) -> (open: Int, name: String)? {
        var index = start
        skipSpaces(code, &index, newlines: true)
        var name = keyword
        if keyword == "func" || keyword == "var" {
            let nameStart = index
            while index < code.count, !isSpace(code[index]), code[index] != openParen, code[index] != lessThan, code[index] != colon,
                  code[index] != openBrace, code[index] != equals || index == nameStart {
                index += 1
            }
            name = String(decoding: code[nameStart..<index], as: UTF8.self)
            if name.hasPrefix("`") { name = String(name.dropFirst().dropLast()) }
            guard !name.isEmpty else { return nil }
            // A computed property states its type; `for var x in …` and `if var x = …` do not.
            if keyword == "var" {
                skipSpaces(code, &index, newlines: false)
                guard index < code.count, code[index] == colon else { return nil }
            }
        }
        var depth = 0
        while index < code.count {
            let byte = code[index]
            switch byte {
            case openParen, openBracket: depth += 1
            case closeParen, closeBracket: depth -= 1
            case openBrace where depth == 0: return (index, name)
            case closeBrace where depth == 0, semicolon where depth == 0: return nil
            case equals where depth == 0 && keyword == "var": return nil
            case newline where depth == 0:
                // A var's body opens on its line; a function's may continue on the next
                // (`where`, `throws`, `->`) unless that line starts another declaration.
                if keyword == "var" { return nil }
                var next = index
                skipSpaces(code, &next, newlines: true)
                if next < code.count, code[next] == atSign || code[next] == hash { return nil }
                if let (word, _) = word(in: code, at: next), declarationStarts.contains(word) { return nil }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// Words that start a new declaration or statement, so the one before them had no body.
    static let declarationStarts: Set<String> = [
        "func", "init", "deinit", "subscript", "var", "let", "case", "struct", "class", "enum", "extension", "protocol", "actor",
        "typealias", "associatedtype", "static", "public", "private", "fileprivate", "internal", "package", "open", "mutating",
        "nonmutating", "override", "final", "required", "convenience", "nonisolated", "import", "if", "guard", "for", "while",
        "switch", "return", "do", "try", "throw", "defer", "repeat",
    ]

    /// The index of the brace closing the one at `open`, or nil when the file ends first.
    static func matchingBrace(in code: [UInt8], from open: Int) -> Int? {
        var depth = 0
        for index in open..<code.count {
            if code[index] == openBrace { depth += 1 }
            if code[index] == closeBrace {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func word(in code: [UInt8], at index: Int) -> (String, Int)? {
        var end = index
        while end < code.count, isWordByte(code[end]) { end += 1 }
        guard end > index else { return nil }
        return (String(decoding: code[index..<end], as: UTF8.self), end)
    }

    private static func isWordStart(_ code: [UInt8], _ index: Int) -> Bool {
        isWordByte(code[index]) && (index == 0 || !isWordByte(code[index - 1]))
    }

    /// `.init(`, `Self.init`, `x.var` are uses, not declarations.
    private static func isMemberAccess(_ code: [UInt8], before index: Int) -> Bool {
        index > 0 && code[index - 1] == dot
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == newline || byte == carriageReturn }

    private static func skipSpaces(_ code: [UInt8], _ index: inout Int, newlines: Bool) {
        while index < code.count, code[index] == space || code[index] == tab || (newlines && (code[index] == newline || code[index] == carriageReturn)) {
            index += 1
        }
    }
}

private let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
private let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
private let backslash = UInt8(ascii: "\\"), openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")")
private let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
private let semicolon = UInt8(ascii: ";"), equals = UInt8(ascii: "="), colon = UInt8(ascii: ":"), lessThan = UInt8(ascii: "<")
private let atSign = UInt8(ascii: "@"), dot = UInt8(ascii: ".")

import Testing
import SparkCore

@Suite("Text others wrote, shown as what it is")
struct DisplayTextTests {
    @Test("letters of any one script read normally", arguments: ["Gülşen Işık İstanbul'da", "Αθήνα", "Москва", "東京 とうきょう", "risk officer: ok → 2.5%"])
    func printableStays(_ text: String) {
        #expect(DisplayText.escape(text) == text)
    }

    @Test("controls, bidi overrides, invisibles and odd spaces are escaped", arguments: [
        ("a\nb", "a\\u{a}b"), ("x\u{1B}[31m", "x\\u{1b}[31m"), ("evil\u{202E}txt", "evil\\u{202e}txt"),
        ("zero\u{200B}width", "zero\\u{200b}width"), ("no\u{00A0}break", "no\\u{a0}break"), ("bom\u{FEFF}", "bom\\u{feff}"),
    ])
    func hiddenEscaped(_ text: String, _ expected: String) {
        #expect(DisplayText.escape(text) == expected)
    }

    @Test("a letter from another look-alike script inside a word is escaped")
    func mixedScript() {
        #expect(DisplayText.escape("p\u{430}ypal") == "p\\u{430}ypal")
        // The first letter sets the word's script, so a Cyrillic-led "carol" shows every Latin letter escaped.
        #expect(DisplayText.escape("\u{441}arol") == "\u{441}\\u{61}\\u{72}\\u{6f}\\u{6c}")
    }

    @Test("an error message keeps its own line breaks but escapes what the user wrote")
    func errorText() {
        let text = ErrorText.render(file: "approvals/x\u{202E}", line: 2, column: nil, message: "bad id 'a\u{1B}b'\nsecond line", hint: nil)
        #expect(text == "approvals/x\\u{202e}:2: error: bad id 'a\\u{1b}b'\nsecond line")
    }
}

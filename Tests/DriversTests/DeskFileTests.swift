import Testing
@testable import Drivers
@testable import Desk

@Suite("Desk files (instruments, param sets)")
struct DeskFileTests {
    @Test("the bundled instruments file loads and has BTCUSDT on a 0.01 / 0.00001 grid")
    func bundledInstruments() throws {
        let catalog = try InstrumentCatalog.load(path: Paths.repo("data/instruments.yaml"))
        let (btc, fallback) = catalog.instrument(for: "BTCUSDT")
        #expect(!fallback)
        #expect(btc.format(btc.price(43000.123)!) == "43000.12")
        #expect(btc.format(btc.quantity(0.123456)!) == "0.12345")
    }

    @Test("bad instrument values point at file:line:column")
    func badInstrument() throws {
        let path = Paths.write("BTCUSDT: { tick: \"-0.01\" }\n", named: "i.yaml")
        #expect {
            try InstrumentCatalog.load(path: path)
        } throws: { error in
            "\(error)".contains("i.yaml:1:") && "\(error)".contains("tick")
        }
        let unknown = Paths.write("BTCUSDT:\n  tick: \"0.01\"\n  tik: 2\n", named: "i.yaml")
        #expect {
            try InstrumentCatalog.load(path: unknown)
        } throws: { error in
            "\(error)".contains("i.yaml:3:3") && "\(error)".contains("unknown key 'tik'")
        }
    }

    @Test("YAML syntax errors carry the position")
    func yamlSyntax() throws {
        let path = Paths.write("strategy: sma_cross\nvalues: { fast: 10\n", named: "p.yaml")
        #expect {
            try ParamSetFile.load(path: path)
        } throws: { error in
            "\(error)".contains("p.yaml:") && (error as? ConfigError)?.line != nil
        }
    }
}

import ArgumentParser
import FakeBinance
import Foundation
import SparkCore

/// `spark-fake-binance`: the fake Binance spot exchange on loopback, until SIGTERM or SIGINT.
@main
struct SparkFakeBinance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-fake-binance", abstract: "Runs the fake Binance spot exchange (REST, WebSocket API, market streams) on 127.0.0.1."
    )

    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 0
    @Option(help: "Write the bound port to this file.") var portFile: String?
    @Option(help: "The API key the fake accepts.") var apiKey: String = "fake-api-key"
    @Option(help: "File holding the HMAC-SHA256 secret of the API key.") var hmacSecretFile: String?
    @Option(help: "PEM file holding the Ed25519 public key of the API key.") var ed25519PublicKeyFile: String?
    @Option(help: "Starting balances, e.g. BTC=1,USDT=10000.") var balances: String = "BTC=1,USDT=10000"
    @Option(help: "Symbol to list (rules of the BTCUSDT fixture).") var symbol: String = "BTCUSDT"
    @Option(help: "Starting last price.") var price: String = "30000"
    @Option(help: "Seed for ids the fake makes up.") var seed: UInt64 = 1

    func run() async throws {
        let server = try await FakeBinanceServer.start(try config())
        if let portFile { try "\(server.port)\n".write(toFile: portFile, atomically: true, encoding: .utf8) }
        StandardError.writeOutput("fake binance listening on \(server.baseURL)\n")
        await Self.waitForSignal()
        await server.stop()
    }

    func config() throws -> FakeBinanceConfig {
        let credential: FakeCredential
        if let hmacSecretFile {
            let secret = try String(contentsOfFile: hmacSecretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            credential = .hmac(secret: secret)
        } else if let ed25519PublicKeyFile {
            let pem = try String(contentsOfFile: ed25519PublicKeyFile, encoding: .utf8)
            credential = try FakeCredential.ed25519(pem: pem)
        } else {
            throw ValidationError("give --hmac-secret-file or --ed25519-public-key-file")
        }
        var amounts: [String: Decimal] = [:]
        for pair in balances.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let amount = Decimal(string: String(parts[1])) else { throw ValidationError("bad balance '\(pair)'") }
            amounts[String(parts[0])] = amount
        }
        guard let start = Decimal(string: price) else { throw ValidationError("bad --price") }
        let base = symbol.hasSuffix("USDT") ? String(symbol.dropLast(4)) : String(symbol.prefix(3))
        let quote = String(symbol.dropFirst(base.count))
        return FakeBinanceConfig(
            port: port, accounts: [FakeAccountConfig(apiKey: apiKey, credential: credential, balances: amounts)],
            symbols: [FakeSymbolRules(symbol: symbol, baseAsset: base, quoteAsset: quote)], prices: [symbol: start], seed: seed
        )
    }

    /// Returns on SIGTERM or SIGINT.
    static func waitForSignal() async {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let (stream, sink) = AsyncStream<Void>.makeStream()
        let sources = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { sink.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}

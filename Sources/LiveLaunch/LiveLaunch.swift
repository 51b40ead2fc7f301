public import Foundation
public import Approvals
public import Binance
public import BinanceNet
public import Live
public import Session
import Desk
import Drivers
import SparkConfig
import SparkCore

/// A live start, checked: the credentials (owner-only, pinned to this project and its risk keys),
/// the guardrail policy inside the project, and the gate that `LiveSession` runs again with the
/// exact strategy and params.
///
/// Nothing here reads a trust root from a flag or the working directory: the approvals, keys,
/// policies and state are the project's, and the credentials name the project they belong to.
public struct LiveLaunch: Sendable {
    public let request: LiveLaunchRequest
    public let settings: LiveSettings
    /// The credentials file used (never its contents).
    public let credentialsPath: String
    let credentials: BinanceCredentials
    /// The guardrail policy, canonical path inside the project's policies directory.
    public let policyPath: String
    public let check: LaunchCheck

    /// Checks everything that can be checked without the exchange. `environment` supplies
    /// `SPARK_LIVE_CREDENTIALS`; `now` is the time approvals are checked against.
    public static func prepare(_ request: LiveLaunchRequest, environment: [String: String], now: Date) throws -> LiveLaunch {
        let project = request.project
        let settings = project.settings.live
        guard let path = request.credentialsPath ?? environment["SPARK_LIVE_CREDENTIALS"] ?? settings.credentials else {
            throw ConfigError(
                .refused, "no live credentials file: spark live needs one that pins this project and its risk keys", file: project.configPath,
                hint: "name it in spark.yaml (live: { credentials: /path/outside/the/repo.yaml }) or in SPARK_LIVE_CREDENTIALS (docs/live.md, \"Credentials\")"
            )
        }
        try Self.refuseInsideRepository(path, project: project)
        let credentials: BinanceCredentials
        do {
            credentials = try BinanceCredentials.load(file: path)
        } catch {
            throw ConfigError(.refused, "the live credentials cannot be used: \(error.message)", file: path, hint: error.hint)
        }
        try CredentialPins(projectRoot: credentials.projectRoot, riskKeyFingerprints: credentials.riskKeyFingerprints).check(project: project, file: path)
        let policyPath = request.policyPath ?? "\(project.policiesDirectory)/default.yaml"
        guard Project.path(policyPath, isInside: project.policiesDirectory) else {
            throw ConfigError(
                .project, "the guardrail policy \(policyPath) is outside the project's policies directory \(project.policiesDirectory)", file: policyPath,
                hint: "live runs under an approved policy in \(project.policiesDirectory)"
            )
        }
        let canonical = Project.canonical(policyPath)
        let check = LaunchCheck(
            environment: .live, project: project, actor: request.actor, now: now, guardrailPolicy: try PolicyFile.identity(path: canonical),
            policyHash: PolicyFile.identity
        )
        return LiveLaunch(request: request, settings: settings, credentialsPath: path, credentials: credentials, policyPath: canonical, check: check)
    }

    /// Refuses a credentials file inside the project or inside the git work tree that holds it: a
    /// file there is one `git add` away from being committed, and a copy of the repository carries it.
    static func refuseInsideRepository(_ path: String, project: Project) throws {
        var repository = project.root
        var directory = project.root
        while directory != "/" {
            if FileManager.default.fileExists(atPath: directory + "/.git") {
                repository = directory
                break
            }
            directory = (directory as NSString).deletingLastPathComponent
        }
        for root in Set([project.root, repository]) where Project.path(path, isInside: root) {
            throw ConfigError(
                .refused, "the live credentials file is inside \(root == project.root ? "the project" : "the project's repository") at \(root); it must live outside it", file: path,
                hint: "move it outside the repository (chmod 600), e.g. ~/.config/spark/, and name it in spark.yaml or SPARK_LIVE_CREDENTIALS (docs/live.md, \"Credentials\")"
            )
        }
    }

    /// The gateway to the configured exchange, signing with the checked credentials; its transport
    /// fires the crash points that fall while a request is at the exchange (debug builds).
    public func gateway(observer: @escaping @Sendable (BinanceCallRecord) -> Void = { _ in }) -> BinanceGateway {
        BinanceGateway(
            configuration: BinanceGatewayConfiguration(
                restBaseURL: settings.restURL, webSocketAPIURL: settings.wsAPIURL, requestTimeout: .milliseconds(settings.requestTimeoutMs),
                recvWindow: settings.recvWindowMs
            ),
            credentials: credentials, transport: CrashPointTransport(URLSessionBinanceTransport()), observer: observer
        )
    }

    /// What the session runs, with the instrument taken from the exchange's rules for the symbol, and
    /// the launch the gate checks (between inputs too).
    public func setup(rules: SymbolRules) throws -> (setup: LiveSetup, launch: LaunchGate.Launch) {
        guard let instrument = Instrument(rules: rules) else {
            throw ConfigError(.data, "the exchange's filters for \(rules.symbol) (tick \(rules.tickSize), step \(rules.stepSize)) do not make a price and quantity grid Spark can trade")
        }
        let source: String
        do {
            source = try String(contentsOfFile: request.strategyPath, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the strategy file", file: request.strategyPath)
        }
        let resolved = try RunSetup.prepare(
            strategyPath: request.strategyPath, source: source, paramsPath: request.paramsPath, overrides: [:], symbol: request.symbol,
            instrumentsPath: nil, instrument: instrument, limits: .init(), seed: 1
        )
        let config = LiveConfig(
            account: settings.account, symbol: request.symbol, recvWindow: settings.recvWindowMs, balanceTolerance: String(format: "%.8f", settings.balanceTolerance),
            stopOnForeignOrders: settings.stopOnForeignOrders
        )
        let setup = LiveSetup(
            config: config, strategyPath: request.strategyPath, strategySource: source, params: resolved.params, instrument: instrument,
            policyPath: policyPath, gate: check, actor: request.actor
        )
        let launch = check.launch(strategy: resolved.strategy.schema.name, paramsHash: resolved.paramsSHA256, strategyHash: resolved.strategySHA256, symbol: request.symbol)
        return (setup, launch)
    }
}

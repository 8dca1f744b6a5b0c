import ArgumentParser
import BourseServer
import Foundation
import Hummingbird
import Metrics
import Prometheus

/// `bourse serve`: run Bourse in one of its shapes.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (every role in one process by default).")

    @Option(help: "all | backend | trading (env ROLE).") var role: String?
    @Option(help: "Address to listen on (env HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env PORT; default 8000, 8001 for trading).") var port: Int?
    @OptionGroup var storage: StorageOptions
    @Option(name: .customLong("redis-url"), help: "redis://host:port for the services shape (env REDIS_URL).") var redisURL: String?
    @Option(name: .customLong("trading-url"), help: "Where --role backend reaches the trading role: http://host:port, comma-separated for a standby (env TRADING_URL; default http://127.0.0.1:8001).") var tradingURL: String?
    @Option(help: "HS256 signing key, at least 32 bytes (env JWT_SECRET_KEY; generated under --data-dir when embedded).") var jwtSecretKey: String?
    @Option(help: "Comma-separated origins allowed by CORS, or * (env CORS_ORIGINS).") var corsOrigins: String?
    @Option(help: "Cash a new paper account starts with, e.g. 100000.00 (env STARTING_CASH).") var startingCash: String?
    @Option(help: "Simulated time per real time, e.g. 60 for a minute a second (env SIM_SPEED; default 1).") var speed: String?
    @Option(name: .customLong("step-ms"), help: "Milliseconds between simulator steps (env SIM_STEP_MS; default 250).") var stepMilliseconds: Int?
    @Option(help: "Random seed of the simulated market (env SIM_SEED; default random).") var seed: UInt64?
    @Option(help: "A JSON file of instruments replacing the built-in catalogue (env INSTRUMENTS_FILE).") var instruments: String?

    func run() async throws {
        var input = storage.input
        input.role = role
        input.host = host
        input.port = port
        input.redisURL = redisURL
        input.tradingURL = tradingURL
        input.jwtSecretKey = jwtSecretKey
        input.corsOrigins = corsOrigins
        input.startingCash = startingCash
        input.simulationSpeed = speed
        input.stepMilliseconds = stepMilliseconds
        input.seed = seed
        input.instrumentsFile = instruments
        let configuration: ServerConfiguration
        do {
            configuration = try ConfigurationResolver().serve(input)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        let (logger, collector) = LoggingSetup.bootstrapCollecting(service: configuration.role == .trading ? "trading" : "backend", instance: configuration.instanceName)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        logger.info("starting", metadata: [
            "role": "\(configuration.role.rawValue)",
            "storage": "\(configuration.storage.engine)",
            "data_dir": "\(configuration.dataDirectory)",
        ])
        var dependencies = AppDependencies.live
        dependencies.logCollector = collector
        let app = try await buildApplication(configuration: configuration, logger: logger, dependencies: dependencies, registry: registry)
        try await app.runService()
    }
}

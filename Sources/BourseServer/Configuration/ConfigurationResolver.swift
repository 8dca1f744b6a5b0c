import Foundation
import MarketCore

/// Resolves flags and environment variables into a `ServerConfiguration`.
///
/// Precedence: flag, then the environment variable of the same name, then a default. The
/// embedded shape fills in what is missing (a SQLite file and a generated secret under the data
/// directory); the services shapes refuse to start without an explicit secret and database,
/// because a silent default there would split a cluster into instances that disagree.
public struct ConfigurationResolver: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private func value(_ flag: String?, _ name: String) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment[name], !env.isEmpty { return env }
        return nil
    }

    /// Resolves the settings needed by every command that touches storage.
    public func storage(_ input: ConfigurationInput) -> (dataDirectory: String, storage: StorageLocation) {
        let dataDirectory = value(input.dataDirectory, "DATA_DIR") ?? "./data"
        if let url = value(input.databaseURL, "DATABASE_URL") {
            if url.hasPrefix("sqlite://") {
                return (dataDirectory, .sqlite(path: String(url.dropFirst("sqlite://".count))))
            }
            return (dataDirectory, .postgres(url: url))
        }
        return (dataDirectory, .sqlite(path: dataDirectory + "/bourse.sqlite"))
    }

    /// Resolves everything `serve` needs; may create the data directory and the secret file.
    public func serve(_ input: ConfigurationInput, secrets: SecretStore = SecretStore()) throws -> ServerConfiguration {
        let roleName = value(input.role, "ROLE") ?? "all"
        guard let role = ServerRole(rawValue: roleName) else {
            throw ConfigurationError("unknown role '\(roleName)': use all, backend or trading")
        }
        let (dataDirectory, storage) = self.storage(input)
        let portText = input.port.map(String.init) ?? value(nil, "PORT")
        var port: Int?
        if let portText {
            guard let parsed = Int(portText) else { throw ConfigurationError("PORT '\(portText)' is not a number") }
            port = parsed
        }
        let secretText = value(input.jwtSecretKey, "JWT_SECRET_KEY")
        let secret: [UInt8]
        if role == .all {
            if case .postgres = storage, secretText == nil {
                throw ConfigurationError("JWT_SECRET_KEY is required with DATABASE_URL: every instance sharing the database must sign tokens with the same key")
            }
            secret = try secretText.map { Array($0.utf8) } ?? secrets.loadOrCreate(dataDirectory: dataDirectory)
        } else {
            guard let secretText else {
                throw ConfigurationError("--role \(role.rawValue) needs JWT_SECRET_KEY (or --jwt-secret-key): instances must share one signing key")
            }
            guard case .postgres = storage else {
                throw ConfigurationError("--role \(role.rawValue) needs DATABASE_URL (or --database-url) pointing at PostgreSQL")
            }
            secret = Array(secretText.utf8)
        }
        var startingCash = Money(units: 100_000)
        if let cashText = value(input.startingCash, "STARTING_CASH") {
            switch Money.parse(cashText) {
            case .success(let money): startingCash = money
            case .failure(let error): throw ConfigurationError("STARTING_CASH '\(cashText)': \(error.reason)")
            }
        }
        let cors = (value(input.corsOrigins, "CORS_ORIGINS") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let publicDirectory = value(nil, "PUBLIC_DIR") ?? "Public"
        var market = MarketSettings()
        if let text = value(input.simulationSpeed, "SIM_SPEED") {
            guard let speed = Double(text) else { throw ConfigurationError("SIM_SPEED '\(text)' is not a number") }
            market.speed = speed
        }
        if let step = input.stepMilliseconds { market.stepMilliseconds = step } else if let text = value(nil, "SIM_STEP_MS") {
            guard let step = Int(text) else { throw ConfigurationError("SIM_STEP_MS '\(text)' is not a whole number") }
            market.stepMilliseconds = step
        }
        if let seed = input.seed { market.seed = seed } else if let text = value(nil, "SIM_SEED") {
            guard let seed = UInt64(text) else { throw ConfigurationError("SIM_SEED '\(text)' is not a whole number") }
            market.seed = seed
        }
        if let path = value(input.instrumentsFile, "INSTRUMENTS_FILE") {
            market.catalogue = try MarketSettings.loadCatalogue(path: path)
        }
        var configuration = ServerConfiguration(
            role: role,
            host: value(input.host, "HOST") ?? "127.0.0.1",
            port: port,
            dataDirectory: dataDirectory,
            storage: storage,
            redisURL: value(input.redisURL, "REDIS_URL"),
            jwtSecret: secret,
            corsOrigins: cors,
            startingCash: startingCash,
            autoMigrate: role == .all || environment["AUTO_MIGRATE"] == "1",
            bootstrapAdmin: role.servesBackend,
            market: market
        )
        configuration.publicDirectory = publicDirectory
        if let text = value(input.tradingURL, "TRADING_URL") {
            let urls = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !urls.isEmpty, urls.allSatisfy({ URL(string: $0)?.scheme.map { ["http", "https"].contains($0) } == true && URL(string: $0)?.host != nil }) else {
                throw ConfigurationError("TRADING_URL '\(text)' must be one or more http:// URLs, comma-separated")
            }
            configuration.tradingURLs = urls.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        }
        if let name = value(nil, "INSTANCE_NAME") {
            guard (1...100).contains(name.count), !name.contains(where: \.isWhitespace) else {
                throw ConfigurationError("INSTANCE_NAME must be 1 to 100 characters without spaces")
            }
            configuration.instanceOverride = name
        }
        if let zone = value(nil, "SCHEDULER_TIMEZONE") {
            guard let timeZone = TimeZone(identifier: zone) else { throw ConfigurationError("SCHEDULER_TIMEZONE '\(zone)' is not a time zone name") }
            configuration.schedulerTimeZone = timeZone
        }
        try configuration.validate()
        return configuration
    }
}

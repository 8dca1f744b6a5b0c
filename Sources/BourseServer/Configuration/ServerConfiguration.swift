import Foundation
import MarketCore

/// Everything a Bourse process needs to start, already resolved and validated.
///
/// Built by `ConfigurationResolver` from flags and environment variables; tests build it
/// directly. Nothing in it is a fixed secret.
public struct ServerConfiguration: Sendable {
    public var role: ServerRole
    public var host: String
    public var port: Int
    /// Folder for the SQLite file, the generated secret and backups.
    public var dataDirectory: String
    public var storage: StorageLocation
    public var redisURL: String?
    /// Where a backend-only process reaches the trading role (tried in order: the active
    /// instance, then its standby). Unused when this process serves trading itself.
    public var tradingURLs: [String] = ["http://127.0.0.1:8001"]
    /// HS256 key, at least 32 bytes.
    public var jwtSecret: [UInt8]
    /// Origins allowed by CORS; empty means same-origin only, `["*"]` means any.
    public var corsOrigins: [String]
    /// Cash a new paper account starts with (and returns to on reset).
    public var startingCash: Money
    /// The account currency's code.
    public var currency: String
    /// bcrypt cost; 12 or more outside tests.
    public var passwordHashCost: UInt8
    /// Lifetime of an access token, in seconds.
    public var accessTokenSeconds: Int
    /// Lifetime of a refresh token, in seconds.
    public var refreshTokenSeconds: Int
    /// Failed logins allowed per account, and per client address, within `loginWindowSeconds`.
    public var loginFailuresPerAccount: Int
    public var loginFailuresPerAddress: Int
    public var loginWindowSeconds: Int
    /// Run pending migrations when serving (the embedded shape does by default).
    public var autoMigrate: Bool
    /// Create the first admin account when there is none, printing its password once.
    public var bootstrapAdmin: Bool
    /// The e-mail of the first admin account.
    public var adminEmail: String
    /// The market simulator's settings (trading role).
    public var market: MarketSettings
    /// The interval of `market_data_refresh` (API.md: 5 s).
    public var marketRefreshSeconds: Int = 5
    /// The time zone cron expressions are read in (UTC unless `SCHEDULER_TIMEZONE` says otherwise).
    public var schedulerTimeZone: TimeZone = TimeZone(identifier: "UTC")!
    /// Where the web apps' files are (`Public/` of the repository).
    public var publicDirectory: String = "Public"
    /// How often every account's equity is sampled for `/api/portfolio/history`.
    public var equitySampleSeconds: Int = 60

    /// The minimum HS256 key length: jwt-kit asserts on shorter keys, and short keys are weak.
    public static let minimumSecretBytes = 32

    public init(
        role: ServerRole = .all,
        host: String = "127.0.0.1",
        port: Int? = nil,
        dataDirectory: String = "./data",
        storage: StorageLocation,
        redisURL: String? = nil,
        jwtSecret: [UInt8],
        corsOrigins: [String] = [],
        startingCash: Money = Money(units: 100_000),
        currency: String = "USD",
        passwordHashCost: UInt8 = 12,
        accessTokenSeconds: Int = 15 * 60,
        refreshTokenSeconds: Int = 30 * 24 * 3600,
        loginFailuresPerAccount: Int = 5,
        loginFailuresPerAddress: Int = 20,
        loginWindowSeconds: Int = 15 * 60,
        autoMigrate: Bool = true,
        bootstrapAdmin: Bool = true,
        adminEmail: String = "admin@bourse.local",
        market: MarketSettings = MarketSettings()
    ) {
        self.role = role
        self.host = host
        self.port = port ?? role.defaultPort
        self.dataDirectory = dataDirectory
        self.storage = storage
        self.redisURL = redisURL
        self.jwtSecret = jwtSecret
        self.corsOrigins = corsOrigins
        self.startingCash = startingCash
        self.currency = currency
        self.passwordHashCost = passwordHashCost
        self.accessTokenSeconds = accessTokenSeconds
        self.refreshTokenSeconds = refreshTokenSeconds
        self.loginFailuresPerAccount = loginFailuresPerAccount
        self.loginFailuresPerAddress = loginFailuresPerAddress
        self.loginWindowSeconds = loginWindowSeconds
        self.autoMigrate = autoMigrate
        self.bootstrapAdmin = bootstrapAdmin
        self.adminEmail = adminEmail
        self.market = market
    }

    /// Refuses configurations that would start but misbehave.
    /// How this process names itself in logs, metrics and probes: two instances on one host
    /// (a cluster on one machine) must not look like one.
    /// `INSTANCE_NAME`: how this process names itself in logs, health reports and alerts; by
    /// default `host:port`.
    public var instanceOverride: String?

    public var instanceName: String {
        if let instanceOverride { return instanceOverride }
        let host = ProcessInfo.processInfo.hostName
        return port == 0 ? "\(host)-\(ProcessInfo.processInfo.processIdentifier)" : "\(host):\(port)"
    }

    public func validate() throws {
        guard jwtSecret.count >= Self.minimumSecretBytes else {
            throw ConfigurationError("JWT_SECRET_KEY must be at least \(Self.minimumSecretBytes) bytes long (it has \(jwtSecret.count))")
        }
        guard (0...65535).contains(port) else { throw ConfigurationError("port \(port) is not between 0 (any free port) and 65535") }
        guard startingCash > .zero else { throw ConfigurationError("the starting cash must be positive") }
        guard (4...31).contains(passwordHashCost) else { throw ConfigurationError("the bcrypt cost must be between 4 and 31") }
        try market.validate()
        guard accessTokenSeconds > 0, refreshTokenSeconds > accessTokenSeconds else {
            throw ConfigurationError("token lifetimes must be positive, the refresh token's longer than the access token's")
        }
    }
}

/// Raw settings as given on the command line; `nil` means "not given", so the environment or
/// a default applies.
public struct ConfigurationInput: Sendable {
    public var role: String?
    public var host: String?
    public var port: Int?
    public var dataDirectory: String?
    public var databaseURL: String?
    public var redisURL: String?
    public var tradingURL: String?
    public var jwtSecretKey: String?
    public var corsOrigins: String?
    public var startingCash: String?
    public var simulationSpeed: String?
    public var stepMilliseconds: Int?
    public var seed: UInt64?
    public var instrumentsFile: String?

    public init(
        role: String? = nil, host: String? = nil, port: Int? = nil, dataDirectory: String? = nil,
        databaseURL: String? = nil, redisURL: String? = nil, jwtSecretKey: String? = nil,
        corsOrigins: String? = nil, startingCash: String? = nil
    ) {
        self.role = role
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.redisURL = redisURL
        self.jwtSecretKey = jwtSecretKey
        self.corsOrigins = corsOrigins
        self.startingCash = startingCash
    }
}

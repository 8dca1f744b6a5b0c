/// Where and how to connect to Redis, usually parsed from `REDIS_URL`.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// ACL user name (Redis 6+); nil authenticates as the default user.
    public var username: String?
    public var password: String?
    /// Database selected with SELECT after connecting; nil or 0 keeps the default.
    public var database: Int?
    /// Shown in CLIENT LIST, so an operator can tell which process holds a connection.
    public var clientName: String?
    /// Limit on establishing the TCP connection.
    public var connectTimeout: Duration
    /// Limit on waiting for a reply; nil waits forever (needed for blocking commands).
    public var commandTimeout: Duration?
    public var limits: RESPLimits

    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int? = nil,
        clientName: String? = nil,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration? = .seconds(5),
        limits: RESPLimits = RESPLimits()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.limits = limits
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`.
    ///
    /// A user-info part without a colon is taken as the password, as Redis URLs did before ACL users
    /// existed. User and password may be percent-encoded. `rediss://` is refused: there is no TLS here.
    public init(url: String) throws(RedisError) {
        self.init()
        guard let schemeEnd = url.range(of: "://") else {
            throw .invalidConfiguration("URL has no scheme; expected redis://host:port")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "redis" else {
            throw .invalidConfiguration("unsupported scheme \"\(scheme)\"; only redis:// is supported")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<query]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = try Self.percentDecoded(userInfo[..<colon])
                username = user.isEmpty ? nil : user
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            } else {
                password = try Self.percentDecoded(userInfo)
            }
            if password?.isEmpty == true { password = nil }
        }
        var portText: Substring?
        if rest.hasPrefix("[") {
            // Bracketed IPv6 literal: the colons inside are not the port separator.
            guard let close = rest.firstIndex(of: "]") else {
                throw .invalidConfiguration("unterminated IPv6 address in URL")
            }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let afterHost = rest[rest.index(after: close)...]
            if afterHost.hasPrefix(":") { portText = afterHost.dropFirst() } else if !afterHost.isEmpty {
                throw .invalidConfiguration("unexpected text after IPv6 address in URL")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
        }
        guard !host.isEmpty else { throw .invalidConfiguration("URL has no host") }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidConfiguration("invalid port \"\(portText)\" in URL")
            }
            port = value
        }
        if !path.isEmpty {
            guard let db = Int(path), db >= 0 else {
                throw .invalidConfiguration("invalid database \"\(path)\" in URL; expected a number")
            }
            database = db
        }
    }

    private static func percentDecoded(_ text: Substring) throws(RedisError) -> String {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2,
                  let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            else { throw .invalidConfiguration("invalid percent-encoding in URL credentials") }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The endpoint as "host:port", safe to log: never includes credentials.
    public var endpointDescription: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// Redacts the password so a configuration can be logged or printed safely.
    public var description: String {
        var text = "redis://"
        if username != nil || password != nil {
            text += (username ?? "") + (password == nil ? "" : ":***") + "@"
        }
        text += endpointDescription
        if let database { text += "/\(database)" }
        return text
    }
}

/// Anything that runs a command and returns its reply; the typed commands are built on it.
public protocol RedisCommandExecutor: Sendable {
    /// Sends `command` (name first, then arguments) and returns the reply; error replies throw.
    func send(_ command: [RedisArgument]) async throws -> RedisValue
}

/// How long SET keeps a key.
public enum RedisExpiry: Sendable, Hashable {
    /// EX: whole seconds.
    case seconds(Int)
    /// PX: milliseconds.
    case milliseconds(Int)
}

extension RedisCommandExecutor {
    /// Sends any command: `command("HSET", "h", "f", "v")`.
    @discardableResult
    public func command(_ name: String, _ arguments: RedisArgument...) async throws -> RedisValue {
        try await send([RedisArgument(name)] + arguments)
    }

    /// PING; returns "PONG", or `message` echoed back.
    public func ping(_ message: String? = nil) async throws -> String {
        let reply = try await send(message.map { ["PING", RedisArgument($0)] } ?? ["PING"])
        guard let text = reply.string else { throw RedisError.unexpectedReply("PING answered \(reply)") }
        return text
    }

    /// INFO, parsed into sections ("server", "clients", "memory"…) of key/value fields.
    public func info(_ section: String? = nil) async throws -> [String: [String: String]] {
        let reply = try await send(section.map { ["INFO", RedisArgument($0)] } ?? ["INFO"])
        guard let text = reply.string else { throw RedisError.unexpectedReply("INFO answered \(reply)") }
        return RedisInfo.parse(text)
    }

    /// GET; nil when the key does not exist.
    public func get(_ key: String) async throws -> [UInt8]? {
        let reply = try await send(["GET", RedisArgument(key)])
        if reply.isNull { return nil }
        guard let bytes = reply.bytes else { throw RedisError.unexpectedReply("GET answered \(reply)") }
        return bytes
    }

    /// GET, decoding the value as UTF-8.
    public func getString(_ key: String) async throws -> String? {
        try await get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// SET with an optional expiry; with `onlyIfAbsent` (NX) returns false when the key already existed.
    @discardableResult
    public func set(
        _ key: String,
        to value: [UInt8],
        expiry: RedisExpiry? = nil,
        onlyIfAbsent: Bool = false
    ) async throws -> Bool {
        var command: [RedisArgument] = ["SET", RedisArgument(key), RedisArgument(bytes: value)]
        switch expiry {
        case .seconds(let seconds): command += ["EX", RedisArgument(seconds)]
        case .milliseconds(let milliseconds): command += ["PX", RedisArgument(milliseconds)]
        case nil: break
        }
        if onlyIfAbsent { command.append("NX") }
        let reply = try await send(command)
        switch reply {
        case .simpleString("OK"): return true
        case .null: return false
        default: throw RedisError.unexpectedReply("SET answered \(reply)")
        }
    }

    /// SET of a UTF-8 string value.
    @discardableResult
    public func set(
        _ key: String,
        to value: String,
        expiry: RedisExpiry? = nil,
        onlyIfAbsent: Bool = false
    ) async throws -> Bool {
        try await set(key, to: Array(value.utf8), expiry: expiry, onlyIfAbsent: onlyIfAbsent)
    }

    /// DEL; returns how many of the keys existed.
    @discardableResult
    public func del(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        let reply = try await send(["DEL"] + keys.map { RedisArgument($0) })
        guard case .integer(let count) = reply else { throw RedisError.unexpectedReply("DEL answered \(reply)") }
        return count
    }

    @discardableResult
    public func del(_ keys: String...) async throws -> Int {
        try await del(keys)
    }

    /// PUBLISH; returns how many subscribers received the message (on this node).
    @discardableResult
    public func publish(_ message: [UInt8], to channel: String) async throws -> Int {
        let reply = try await send(["PUBLISH", RedisArgument(channel), RedisArgument(bytes: message)])
        guard case .integer(let receivers) = reply else {
            throw RedisError.unexpectedReply("PUBLISH answered \(reply)")
        }
        return receivers
    }

    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        try await publish(Array(message.utf8), to: channel)
    }
}

import Foundation

/// Keeps the embedded shape's generated JWT key in the data directory, readable only by its
/// owner, so tokens survive restarts without anyone ever choosing (or committing) a secret.
public struct SecretStore: Sendable {
    public static let fileName = "jwt_secret"

    public init() {}

    /// Returns the stored key, creating a random 64-byte one on first use.
    public func loadOrCreate(dataDirectory: String) throws -> [UInt8] {
        let manager = FileManager.default
        try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = dataDirectory + "/" + Self.fileName
        if let data = manager.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.utf8.count >= ServerConfiguration.minimumSecretBytes else {
                throw ConfigurationError("\(path) holds a key shorter than \(ServerConfiguration.minimumSecretBytes) bytes; delete it to generate a new one")
            }
            return Array(text.utf8)
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
        // Created with 0600 from the start, so there is no moment when others could read it.
        guard manager.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write \(path)")
        }
        return Array(text.utf8)
    }
}

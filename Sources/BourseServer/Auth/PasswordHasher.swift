import HummingbirdBcrypt
import NIOPosix

/// bcrypt on the NIO thread pool: a cost-12 hash takes a quarter of a second of CPU, which
/// must not stall the event loops or Swift's cooperative threads.
struct PasswordHasher: Sendable {
    let cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

import ServiceLifecycle

/// Closes the database connections after everything that uses them has stopped: it is the
/// first service in the group, so graceful shutdown reaches it last.
struct StorageService: Service {
    let storage: Storage

    func run() async throws {
        try? await gracefulShutdown()
        await storage.shutdown()
    }
}

import Foundation
import Monitoring
import Realtime
import ServiceLifecycle

/// Ships the process's log records to the database in batches, and warnings and errors live to
/// the admin channel. Runs until shutdown, then flushes what is left.
struct LogShipper: Service {
    let collector: LogCollector
    let store: LogStore
    let push: PushPublisher

    func run() async throws {
        var query = LogQuery()
        query.minimumLevel = .warning
        let tail = collector.tail(query)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await record in tail {
                    guard let payload = try? JSONResponse.encoder.encode(BusEnvelope(type: "log", data: record)) else { continue }
                    try? await push.toAdmins(Array(payload))
                }
            }
            await cancelWhenGracefulShutdown { await collector.run(sink: store) }
            group.cancelAll()
        }
        try? await collector.flush(to: store)
    }
}

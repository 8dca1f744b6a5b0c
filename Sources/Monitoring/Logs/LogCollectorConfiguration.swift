/// Identity of the process and sizes of the buffers of a `LogCollector`.
public struct LogCollectorConfiguration: Sendable {
    public var service: String
    public var instance: String
    /// Records kept in memory for the live tail and recent queries.
    public var ringCapacity: Int
    /// Records waiting for the sink; past this the oldest are dropped and counted.
    public var sinkBufferCapacity: Int
    /// Records per sink write.
    public var batchSize: Int
    /// First pause after a failed sink write; it doubles per failure up to `maxRetryDelay`.
    public var retryDelay: Duration
    public var maxRetryDelay: Duration
    public var redactor: LogRedactor

    public init(
        service: String,
        instance: String,
        ringCapacity: Int = 2_000,
        sinkBufferCapacity: Int = 10_000,
        batchSize: Int = 200,
        retryDelay: Duration = .milliseconds(500),
        maxRetryDelay: Duration = .seconds(30),
        redactor: LogRedactor = LogRedactor()
    ) {
        precondition(ringCapacity > 0 && sinkBufferCapacity > 0 && batchSize > 0, "buffers need room")
        self.service = service
        self.instance = instance
        self.ringCapacity = ringCapacity
        self.sinkBufferCapacity = sinkBufferCapacity
        self.batchSize = batchSize
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.redactor = redactor
    }
}

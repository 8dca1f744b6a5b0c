import Foundation
import NIOCore
import NIOPosix

/// A stand-in server that answers every PING with PONG and can be stopped and restarted on the
/// same port, so reconnect tests can make connection attempts fail on demand.
final class FakeRedisServer: @unchecked Sendable {
    // Guarded by `lock`: touched from the test and from NIO's accept path.
    private let lock = NSLock()
    private var serverChannel: (any Channel)?
    private var children: [any Channel] = []
    private(set) var port = 0

    @discardableResult
    func start(port: Int = 0) async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] child in
                self.track(child)
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(PongHandler())
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return lock.withLock {
            serverChannel = channel
            self.port = channel.localAddress?.port ?? port
            return self.port
        }
    }

    /// Stops listening and drops every open connection.
    func stop() async {
        let channels: [any Channel] = lock.withLock {
            defer {
                serverChannel = nil
                children = []
            }
            return [serverChannel].compactMap { $0 } + children
        }
        for channel in channels {
            try? await channel.close()
        }
    }

    private func track(_ child: any Channel) {
        lock.withLock { children.append(child) }
    }
}

/// Replies +PONG to each PING found in the incoming bytes.
private final class PongHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var pending = ""

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let range = pending.range(of: "PING\r\n") {
            pending.removeSubrange(pending.startIndex..<range.upperBound)
            context.write(wrapOutboundOut(ByteBuffer(string: "+PONG\r\n")), promise: nil)
        }
        context.flush()
    }
}

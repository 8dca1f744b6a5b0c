import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The WebSocket router's request context: Hummingbird's basic one plus the connection's NIO
/// channel, so the gateway can end a connection whose client stopped reading (its writer is
/// suspended on the full socket and cannot send a close frame).
struct PushRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}

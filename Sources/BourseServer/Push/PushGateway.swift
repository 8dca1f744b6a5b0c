import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Realtime
import ServiceLifecycle

/// Attaches WebSocket connections to the push hub: authentication (`?token=` or a first
/// `{"op":"auth"}` message), the channel's access rule (4401/4403), resume with `?last_seq=`,
/// one writer draining the connection's bounded queue, and a reader feeding client ops to the
/// hub. A token that expires while connected ends the connection with 4401.
struct PushGateway: Sendable {
    let hub: Hub
    let tokens: TokenService
    let users: UserDirectory
    let logger: Logger

    /// How long an anonymous socket may wait before its `auth` message.
    static let authTimeout: Duration = .seconds(5)
    /// The largest client message accepted.
    static let maxMessageBytes = 16 * 1024
    /// How long a connection the hub closed may take to send its close frame before its socket
    /// is closed outright.
    static let closeGrace: TimeAmount = .seconds(5)

    func register(on router: Router<PushRequestContext>) {
        for prefix in ["/api/ws", "/ws"] {
            router.ws("\(prefix)/market") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
                await serve(channel: .market, inbound: inbound, outbound: outbound, request: context.request, socket: context.requestContext.channel)
            }
            for kind in [ChannelName.Kind.trading, .admin, .notifications, .alerts] {
                router.ws("\(prefix)/\(kind.rawValue)/{user_id}") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
                    let userID = context.requestContext.parameters.get("user_id")?.lowercased() ?? ""
                    guard let channel = ChannelName(kind: kind, userID: userID) else {
                        try? await outbound.close(.unknown(4404), reason: "unknown channel")
                        return
                    }
                    await serve(channel: channel, inbound: inbound, outbound: outbound, request: context.request, socket: context.requestContext.channel)
                }
            }
        }
    }

    private func identity(token: String) async -> (Identity, Date)? {
        guard case .success(let verified) = await tokens.verify(token),
              let user = try? await users.find(id: verified.userID), !user.disabled
        else { return nil }
        return (Identity(userID: user.id.uuidString.lowercased(), isAdmin: user.role == .admin), verified.claims.exp.value)
    }

    private func serve(channel: ChannelName, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request, socket: any Channel) async {
        guard let pushSocket = try? await PushSocket.attach(to: socket) else { return }
        let query = request.uri.queryParameters
        var iterator = inbound.messages(maxSize: Self.maxMessageBytes).makeAsyncIterator()
        var identity: Identity?
        var expiry: Date?
        if let token = query.get("token") {
            guard let found = await self.identity(token: token) else {
                try? await outbound.close(.unknown(4401), reason: "invalid or expired token")
                return
            }
            (identity, expiry) = (found.0, found.1)
        } else if channel != .market {
            // Browsers cannot set headers on a WebSocket: the token may come as the first message.
            // Closing the socket after the timeout ends the read below.
            let timer = Task {
                try await Task.sleep(for: Self.authTimeout)
                try? await outbound.close(.unknown(4401), reason: "no auth message within 5 seconds")
            }
            let first = try? await iterator.next()
            timer.cancel()
            guard case .text(let text)? = first, let token = AuthMessage.token(in: text), let found = await self.identity(token: token) else {
                try? await outbound.close(.unknown(4401), reason: "authenticate with ?token= or a first {\"op\":\"auth\"} message")
                return
            }
            (identity, expiry) = (found.0, found.1)
        }
        let symbols = (query.get("symbols") ?? "").split(separator: ",").map { String($0).uppercased() }.filter { !$0.isEmpty }
        let lastSeq = query.get("last_seq").flatMap(UInt64.init)
        let subscriber: Subscriber
        do {
            subscriber = try await hub.connect(to: channel, identity: identity, symbols: symbols, lastSeq: lastSeq)
        } catch let error as HubError {
            try? await outbound.close(.unknown(error.closeCode), reason: error.code)
            return
        } catch {
            return
        }
        // Once the hub ends the connection (lagging, rate limit, expired token, shutdown) its
        // close frame is queued; a client that reads gets it. One that stopped reading never
        // will, and the writer stays suspended on the full socket, holding the connection and its
        // buffers: after a grace period the TCP connection is closed under it.
        subscriber.whenClosed { reason in
            guard reason != nil else { return }
            socket.eventLoop.scheduleTask(in: Self.closeGrace) { socket.close(promise: nil) }
        }
        // On shutdown every socket is told "going away" (1001) so clients reconnect elsewhere.
        await withGracefulShutdownHandler {
        await withTaskGroup(of: Void.self) { group in
            // The writer: the only task that sends on this socket.
            group.addTask {
                for await batch in subscriber.outbound.batches {
                    switch batch {
                    case .texts(let messages):
                        await pushSocket.send(messages)
                    case .close(let reason):
                        try? await outbound.close(.unknown(reason.code), reason: reason.message)
                        return
                    }
                }
            }
            if let expiry {
                group.addTask {
                    let wait = expiry.timeIntervalSinceNow
                    if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
                    if !Task.isCancelled { await hub.close(subscriber, reason: .unauthenticated("token expired")) }
                }
            }
            // The reader, here: client ops, until the client leaves or the hub closes us.
            do {
                while let message = try await iterator.next() {
                    let frame: InboundFrame
                    switch message {
                    case .text(let text): frame = .text(text)
                    case .binary(let buffer): frame = .binary(Array(buffer: buffer))
                    }
                    switch await hub.receive(frame, from: subscriber) {
                    case .handled: continue
                    case .close: break
                    case .authenticate(let token):
                        if let found = await self.identity(token: token) { await hub.authenticate(subscriber, as: found.0) } else {
                            await hub.close(subscriber, reason: .unauthenticated("invalid or expired token"))
                        }
                        continue
                    }
                    break
                }
            } catch {
                logger.debug("websocket read ended", metadata: ["error": "\(error)"])
            }
            await hub.disconnect(subscriber)
            group.cancelAll()
        }
        } onGracefulShutdown: {
            Task { await hub.close(subscriber, reason: .goingAway) }
        }
    }

    /// `{"op":"auth","token":"..."}`.
    enum AuthMessage {
        struct Body: Decodable { let op: String; let token: String }
        static func token(in text: String) -> String? {
            guard text.utf8.count < 8192, let body = try? JSONDecoder().decode(Body.self, from: Data(text.utf8)), body.op == "auth" else { return nil }
            return body.token
        }
    }
}

extension Array where Element == UInt8 {
    init(buffer: ByteBuffer) { self = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? [] }
}

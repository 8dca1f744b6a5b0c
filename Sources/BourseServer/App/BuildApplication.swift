import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Monitoring
import Scheduling
import Prometheus
import Realtime
import ServiceLifecycle

/// The composition root: builds every service of the configured role, wires them together by
/// constructor injection and returns one application whose `ServiceGroup` runs and stops them.
public func buildApplication(
    configuration: ServerConfiguration,
    logger: Logger,
    dependencies: AppDependencies = .live,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    bus injected: (any MessageBus)? = nil
) async throws -> some ApplicationProtocol {
    try configuration.validate()
    let storage = try Storage(location: configuration.storage, logger: logger)
    do {
        // The embedded shape fans out in process; with REDIS_URL every instance shares Redis Pub/Sub.
        var bus: any MessageBus = InProcessBus()
        var redisBus: RedisBus?
        if let injected {
            bus = injected
        } else if let url = configuration.redisURL {
            do {
                redisBus = try await RedisBus.connect(url: url, logger: logger)
            } catch {
                throw ConfigurationError("cannot reach Redis at REDIS_URL: \(error)")
            }
            bus = redisBus!
        }
        return try await buildApplication(configuration: configuration, storage: storage, logger: logger,
                                          dependencies: dependencies, registry: registry, bus: bus,
                                          busCloser: redisBus.map { BusCloser(bus: $0) })
    } catch {
        // Nothing owns the connections yet: close them here, or the pools leak.
        await storage.shutdown()
        throw error
    }
}

private func buildApplication(
    configuration: ServerConfiguration,
    storage: Storage,
    logger: Logger,
    dependencies: AppDependencies,
    registry: PrometheusCollectorRegistry,
    bus: any MessageBus,
    busCloser: BusCloser?
) async throws -> some ApplicationProtocol {
    let now = dependencies.now
    try await storage.prepare()
    if configuration.autoMigrate {
        try await storage.migrate()
    } else {
        let pending = try await storage.pendingMigrations()
        if !pending.isEmpty {
            throw ConfigurationError("the database schema is out of date (\(pending.count) migrations pending): run `bourse migrate` first")
        }
    }

    let router = Router(context: BourseRequestContext.self)
    let webSocketRouter = Router(context: PushRequestContext.self)
    let catalog = RouteCatalog(router: router)
    let audit = AuditLog(now: now)
    let users = UserDirectory(storage: storage)
    let tokens = await TokenService(secret: configuration.jwtSecret, accessLifetime: TimeInterval(configuration.accessTokenSeconds), now: now)
    let hasher = PasswordHasher(cost: configuration.passwordHashCost)
    let push = PushPublisher(bus: bus, audience: PushAudience(storage: storage, now: now))

    // CORS is outermost so that error responses carry its headers too.
    router.add(middleware: CORSPolicyMiddleware(allowed: configuration.corsOrigins))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: HTTPMetrics(registry: registry)))
    let servesWebApps = configuration.role.servesBackend && FileManager.default.fileExists(atPath: configuration.publicDirectory + "/client/index.html")
    if configuration.role.servesBackend {
        if servesWebApps {
            router.add(middleware: WebAppMiddleware(root: configuration.publicDirectory, logger: logger))
        } else {
            logger.warning("web apps not found; serving the API only", metadata: ["public_dir": "\(configuration.publicDirectory)"])
        }
    }
    router.add(middleware: AuthMiddleware(tokens: tokens, users: users))

    SystemController(role: configuration.role, registry: registry, storage: storage, startedAt: now(), now: now).register(in: catalog)

    // Shutdown runs in reverse order: storage closes last, the bus just before it.
    var services: [any Service] = [StorageService(storage: storage)]
    if let busCloser { services.append(busCloser) }
    // The trading engine owns account balances when it runs in this process; the accounts area
    // then moves cash through it.
    var gateway: (any TradingGateway)?
    // Jobs are registered by the parts of this process that can do them (DESIGN.md: the trading
    // role refreshes market data; the backend reports, backs up and watches).
    var tasks: [String: JobTask] = [:]
    var tradingEngine: MarketEngine?

    if configuration.role.servesTrading {
        let settings = configuration.market
        // A trading-only process on PostgreSQL may have a standby: the books are built only by
        // the holder of the trading lock (the embedded shape is one process by definition).
        if configuration.role == .trading, case .postgres(let url) = configuration.storage {
            let leadership = try await TradingLeadership.acquire(url: url, logger: logger)
            services.append(TradingLeadershipService(leadership: leadership, logger: logger))
        }
        // One step covers at most 20 steps' worth of simulated time (and never less than 5 s).
        let maxStep = max(5_000, Int64(Double(settings.stepMilliseconds) * settings.speed * 20))
        let engine = MarketEngine(catalogue: settings.catalogue, seed: settings.seed, speed: settings.speed, now: now(), maxStepMillis: maxStep)
        let store = MarketStore(storage: storage)
        await engine.restore(try await store.loadStates())
        tradingEngine = engine
        let persistence = MarketPersistence(engine: engine, store: store, logger: logger)
        let feed = MarketFeed(bus: bus, logger: logger)
        let tradingStore = TradingStore(storage: storage, catalogue: settings.catalogue)
        let journal = OrderJournal(storage: storage, bus: bus, catalogue: settings.catalogue, logger: logger)
        await engine.attach(journal)
        await engine.loadTrading(try await tradingStore.snapshot())
        TradingController(engine: engine, store: tradingStore, now: now).register(in: catalog)
        let engineGateway = EngineTradingGateway(engine: engine, store: tradingStore, now: now)
        gateway = engineGateway
        // Shutdown runs in reverse: the simulator stops, then the journal drains, then storage closes.
        services.append(journal)
        services.append(TradingResyncService(engine: engine, journal: journal, store: tradingStore, logger: logger))
        let step = Duration.milliseconds(settings.stepMilliseconds)
        MarketController(engine: engine, store: store, speed: settings.speed, stepInterval: step).register(in: catalog)
        MarketControlController(engine: engine, feed: feed, audit: audit, storage: storage).register(in: catalog)
        services.append(MarketSimulatorService(engine: engine, feed: feed, persistence: persistence, stepInterval: step, now: now, logger: logger))
        let refresh = MarketDataRefreshJob(engine: engine, feed: feed, persistence: persistence, now: now)
        let analysis = MarketAnalysisJob(engine: engine, feed: feed, storage: storage, now: now)
        tasks["market_data_refresh"] = { try await refresh.run($0) }
        tasks["market_analysis"] = { try await analysis.run($0) }
        let tradingProcess = SystemMetricsMonitor(sampler: MetricsSampler(diskPath: configuration.dataDirectory, service: "trading",
                                                                           instance: configuration.instanceName))
        InternalTradingController(gateway: engineGateway, tokens: tokens, jobs: tasks, process: tradingProcess, logger: logger).register(in: catalog)
        SignalsController(storage: storage, catalogue: settings.catalogue).register(in: catalog)
    }

    // A backend-only process reaches the trading role over HTTP: cash moves through its engine,
    // and the scheduler (which runs here, once per cluster) asks it to run the market jobs.
    var remoteTrading: HTTPTradingGateway?
    if configuration.role == .backend {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        services.append(HTTPClientService(client: client))
        let remote = HTTPTradingGateway(urls: configuration.tradingURLs, client: client, tokens: tokens,
                                        breaker: CircuitBreaker(now: now), logger: logger)
        remoteTrading = remote
        gateway = remote
        for task in ["market_data_refresh", "market_analysis"] {
            tasks[task] = { context in try await remote.runJob(task, context: context) }
        }
    }

    if configuration.role.servesBackend {
        let ledger = Ledger(now: now)
        let board = QuoteBoard(catalogue: configuration.market.catalogue, bus: bus, logger: logger)
        let valuer = PositionValuer(storage: storage, board: board)
        var accounts = AccountService(storage: storage, ledger: ledger, audit: audit, startingCash: configuration.startingCash,
                                      currency: configuration.currency, now: now)
        accounts.valuer = valuer
        accounts.gateway = gateway
        services.append(board)
        services.append(EquitySampler(storage: storage, valuer: valuer, interval: .seconds(configuration.equitySampleSeconds), now: now, logger: logger))
        let throttle = LoginThrottle(perAccount: configuration.loginFailuresPerAccount, perAddress: configuration.loginFailuresPerAddress,
                                     window: TimeInterval(configuration.loginWindowSeconds), now: now)
        let registration = UserRegistration(storage: storage, users: users, accounts: accounts, hasher: hasher, audit: audit, now: now)
        let auth = AuthService(storage: storage, users: users, tokens: tokens, hasher: hasher, throttle: throttle,
                               refreshLifetime: TimeInterval(configuration.refreshTokenSeconds),
                               dummyHash: try await hasher.hash(AdminBootstrap.randomPassword()), now: now)
        AuthController(auth: auth, registration: registration).register(in: catalog)
        AccountController(accounts: accounts).register(in: catalog)
        PortfolioController(accounts: accounts, valuer: valuer, storage: storage, now: now).register(in: catalog)
        let hub = Hub()
        PushController(hub: hub, push: push, audit: audit, storage: storage).register(in: catalog)
        PushGateway(hub: hub, tokens: tokens, users: users, logger: logger).register(on: webSocketRouter)
        services.append(PushService(hub: hub, bridge: try await BusBridge.subscribe(bus: bus, hub: hub, logger: logger)))
        ReportsController(storage: storage).register(in: catalog)

        let daily = ReportJob(kind: .daily, storage: storage, valuer: valuer, bus: bus, now: now)
        let weekly = ReportJob(kind: .weekly, storage: storage, valuer: valuer, bus: bus, now: now)
        let backup = BackupJob(storage: storage, directory: configuration.dataDirectory + "/backups", retention: 7, now: now)
        let cleanup = CleanupJob(storage: storage, now: now)
        let sampler = MetricsSampler(diskPath: configuration.dataDirectory, service: configuration.role.rawValue,
                                     instance: configuration.instanceName)
        let monitoringBoard = MonitoringBoard(instance: configuration.instanceName, monitor: SystemMetricsMonitor(sampler: sampler),
                                              evaluator: try AlertEvaluator(instance: configuration.instanceName))
        let alertStore = AlertStore(storage: storage)
        let healthReports = HealthReportStore(storage: storage)
        let engineForProbe = tradingEngine
        let remoteForProbe = remoteTrading
        let startedAt = now()
        let probes: [any HealthProbe] = [
            ClosureProbe(service: "backend", instance: configuration.instanceName) { .up(uptimeSeconds: now().timeIntervalSince(startedAt)) },
            ClosureProbe(service: "database", instance: configuration.storage.engine) {
                try await storage.ping()
                return .up()
            },
            ClosureProbe(service: "redis", instance: "bus") {
                guard let redis = bus as? RedisBus else { return .notConfigured("embedded shape: in-process bus") }
                return await redis.isConnected() ? .up() : .down("not connected")
            },
            ClosureProbe(service: "trading", instance: remoteForProbe == nil ? "engine" : "http") {
                guard let engine = engineForProbe else {
                    guard let remoteForProbe else { return .notConfigured("no trading role configured") }
                    let answer = await remoteForProbe.probe()
                    return answer.up ? .up() : .down(answer.detail)
                }
                let lag = Double(await engine.simulationMillis(at: now()) - (await engine.nowMillis)) / 1000
                return lag < 5 ? .up() : .degraded("the simulator is \(Int(lag)) s behind")
            },
        ]
        var remoteProcess: (@Sendable () async -> ProcessSample?)?
        if let remoteForProbe { remoteProcess = { await remoteForProbe.processSample() } }
        let health = SystemHealthCheckJob(board: monitoringBoard, reports: healthReports, probes: probes, runner: ProbeRunner(),
                                          remoteProcess: remoteProcess, now: now)
        let alerts = AlertCheckJob(board: monitoringBoard, store: alertStore, hub: hub, push: push, now: now)
        let logStore = LogStore(storage: storage)
        MonitoringController(board: monitoringBoard, alerts: alertStore, reports: healthReports, push: push, hub: hub, bus: bus, storage: storage, logs: logStore, now: now).register(in: catalog)
        tasks["daily_report"] = { try await daily.run($0) }
        tasks["weekly_report"] = { try await weekly.run($0) }
        tasks["database_backup"] = { try await backup.run($0) }
        tasks["cleanup_old_data"] = { try await cleanup.run($0) }
        tasks["system_health_check"] = { try await health.run($0) }
        tasks["alert_check"] = { try await alerts.run($0) }
        AdminController(users: users, accounts: accounts, auth: auth, audit: audit, storage: storage).register(in: catalog)
        if configuration.bootstrapAdmin {
            try await AdminBootstrap(users: users, registration: registration, email: configuration.adminEmail,
                                     announce: dependencies.announce, logger: logger).run()
        }
    }

    if let collector = dependencies.logCollector {
        services.append(LogShipper(collector: collector, store: LogStore(storage: storage), push: push))
    }

    // The scheduler runs where the backend runs (the trading role's jobs are asked of it over
    // HTTP), so every job, and its admin API, lives in one place; the lease makes each run
    // happen once however many backend instances there are.
    if configuration.role.servesBackend {
        let defaults = DefaultJobs.definitions(marketRefreshSeconds: configuration.marketRefreshSeconds).filter { tasks[$0.task] != nil }
        var schedulerConfiguration = SchedulerConfiguration(timeZone: configuration.schedulerTimeZone)
        // Several instances share PostgreSQL and claim each run there. SQLite is the embedded
        // shape: one process, so the claim stays in memory and a due job starts without
        // queueing a write behind the order journal (trigger lateness, BENCHMARKS.md).
        let lease: any JobLease = if case .postgres = configuration.storage {
            DatabaseJobLease(storage: storage)
        } else {
            InMemoryJobLease(clock: SystemSchedulerClock())
        }
        // Each instance checks itself (its health report is its heartbeat; its alerts are on its
        // own metrics), database or not.
        schedulerConfiguration.everyInstance = ["system_health_check", "alert_check"]
        let scheduler = Scheduler(
            instanceId: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())",
            store: DatabaseJobStore(storage: storage), lease: lease,
            configuration: schedulerConfiguration, tasks: tasks, logger: logger)
        services.append(SchedulerService(scheduler: scheduler, defaults: defaults, push: push, logger: logger))
        SchedulerController(scheduler: scheduler).register(in: catalog)
    }

    var app = Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: .init(ws: .init(autoPing: .enabled(timePeriod: .seconds(20))))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Bourse"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let base = "http://\(configuration.host):\(port)"
            let apps = servesWebApps ? "  trading app: \(base)/  admin console: \(base)/admin/" : ""
            dependencies.announce("Bourse (\(configuration.role.rawValue)) is running at \(base)\(apps)  API: \(base)/openapi.json")
        },
        logger: logger
    )
    app.addServices(services)
    return app
}

/// Closes the Redis connections after everything that publishes has stopped.
struct BusCloser: Service {
    let bus: RedisBus
    func run() async throws {
        try? await gracefulShutdown()
        await bus.close()
    }
}

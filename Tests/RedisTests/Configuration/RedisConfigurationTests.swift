import Redis
import Testing

@Suite struct RedisConfigurationTests {
    @Test func fullURL() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:s%40cret@cache.local:6380/3")
        #expect(configuration.host == "cache.local")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "alice")
        #expect(configuration.password == "s@cret")
        #expect(configuration.database == 3)
    }

    @Test func minimalURLUsesDefaults() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.database == nil)
    }

    @Test func passwordOnlyForms() throws {
        let colon = try RedisConfiguration(url: "redis://:pw@h:1")
        #expect(colon.username == nil)
        #expect(colon.password == "pw")
        let bare = try RedisConfiguration(url: "redis://pw@h:1/")
        #expect(bare.password == "pw")
        #expect(bare.database == nil)
    }

    @Test func ipv6Host() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7000/2")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 7000)
        #expect(configuration.database == 2)
        #expect(configuration.endpointDescription == "[::1]:7000")
    }

    @Test(arguments: [
        "localhost:6379", "http://h:1", "rediss://h:1", "redis://", "redis://h:0", "redis://h:70000",
        "redis://h:port", "redis://h:1/db", "redis://h:1/-1", "redis://u:%zz@h", "redis://[::1",
    ])
    func invalidURLsAreRejected(url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:hunter2@h:1/4")
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description == "redis://alice:***@h:1/4")
        #expect(!"\(configuration)".contains("hunter2"))
    }
}

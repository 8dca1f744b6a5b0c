import Redis
import Testing

@Suite struct RedisInfoTests {
    @Test func parsesSectionsAndFields() {
        let text = "# Server\r\nredis_version:7.0.15\r\nexecutable:/usr/bin/redis-server\r\n\r\n# Clients\r\n"
            + "connected_clients:3\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n"
        let info = RedisInfo.parse(text)
        #expect(info["server"]?["redis_version"] == "7.0.15")
        #expect(info["server"]?["executable"] == "/usr/bin/redis-server")
        #expect(info["clients"]?["connected_clients"] == "3")
        #expect(info["keyspace"]?["db0"] == "keys=1,expires=0,avg_ttl=0")
        #expect(info.keys.sorted() == ["clients", "keyspace", "server"])
    }

    @Test func emptySectionIsKept() {
        #expect(RedisInfo.parse("# Keyspace\r\n") == ["keyspace": [:]])
    }
}

import ArgumentParser

/// Load generator for Bourse's benchmarks (BENCHMARKS.md): a separate process that drives a
/// running server over loopback, so the server's figures include the network stack and the
/// generator's own work is not charged to the server's code.
@main
struct BourseLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bourse-load",
        abstract: "Drives a running Bourse server: orders at a fixed rate, or WebSocket fan-out.",
        subcommands: [OrdersLoad.self, FanoutLoad.self]
    )
}

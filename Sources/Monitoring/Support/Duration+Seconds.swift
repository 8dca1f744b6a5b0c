/// Seconds as a `Double`, the unit every sample, rule and API field of this library uses.
extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    var milliseconds: Double { seconds * 1000 }
}

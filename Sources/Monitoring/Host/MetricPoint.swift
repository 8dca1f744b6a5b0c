import Foundation

/// One timestamped value of a `MetricSeries`.
public struct MetricPoint<Value: Sendable>: Sendable {
    public var at: Date
    public var value: Value

    public init(at: Date, value: Value) {
        self.at = at
        self.value = value
    }
}

extension MetricPoint: Equatable where Value: Equatable {}
extension MetricPoint: Encodable where Value: Encodable {}
extension MetricPoint: Decodable where Value: Decodable {}

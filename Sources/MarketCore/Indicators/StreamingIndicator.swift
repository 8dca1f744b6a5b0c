/// An indicator fed one observation at a time, O(1) per update, with no value until it has warmed up.
///
/// Indicator math is done in `Double`, not in ticks or `Money`: indicator values are analytics that
/// nobody is paid from, they need division, square roots and smoothing that fixed point would round
/// at every step, and prices are converted from ticks once (`Instrument.priceValue`) at the door.
public protocol StreamingIndicator: Sendable {
    /// What one update yields once the indicator is warm.
    associatedtype Value: Sendable

    /// The number of observations after which `value` is first non-nil.
    var warmUpCount: Int { get }

    /// The value after the latest observation, nil while warming up.
    var value: Value? { get }
}

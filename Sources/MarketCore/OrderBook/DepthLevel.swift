/// One aggregated price level of a book side.
public struct DepthLevel: Hashable, Sendable {
    public var price: Price
    public var quantity: Quantity
    public var orderCount: Int

    public init(price: Price, quantity: Quantity, orderCount: Int) {
        self.price = price
        self.quantity = quantity
        self.orderCount = orderCount
    }
}

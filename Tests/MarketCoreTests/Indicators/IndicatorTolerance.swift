/// Whether `actual` matches `expected` within 1e-9 relative (absolute near zero, where relative breaks down).
func matches(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (actual, expected) {
    case (nil, nil): return true
    case let (a?, e?): return abs(a - e) <= tolerance * max(abs(e), 1)
    default: return false
    }
}

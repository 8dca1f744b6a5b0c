/// Collects values produced by other tasks and lets a test wait for a number of them.
actor AsyncRecorder<Value: Sendable> {
    private(set) var values: [Value] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<[Value], Never>)] = []

    func append(_ value: Value) {
        values.append(value)
        let ready = waiters.filter { $0.count <= values.count }
        waiters.removeAll { $0.count <= values.count }
        for waiter in ready { waiter.continuation.resume(returning: values) }
    }

    func append(contentsOf values: [Value]) {
        for value in values { append(value) }
    }

    /// Returns the values once there are at least `count` of them.
    func wait(for count: Int) async -> [Value] {
        if values.count >= count { return values }
        return await withCheckedContinuation { waiters.append((count, $0)) }
    }
}

/// A one-shot latch that ignores cancellation, to stand in for a call stuck in the kernel.
actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

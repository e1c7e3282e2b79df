extension UnsafeBufferPointer {
    /// The elements of `array` in memory of their own (at least one element's room, so never empty
    /// storage), for tables an immutable object reads through pointers; the owner calls `deallocate()`.
    public static func copying(_ array: [Element]) -> UnsafeBufferPointer<Element> {
        let storage = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(1, array.count))
        array.withUnsafeBufferPointer { if let base = $0.baseAddress { storage.initialize(from: base, count: $0.count) } }
        return UnsafeBufferPointer(start: storage, count: array.count)
    }
}

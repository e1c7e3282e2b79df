import RapportSupport

/// A growable byte buffer that encoders write into: one capacity check per piece, then plain
/// stores (an `Array` append re-checks uniqueness and capacity on every call).
///
/// Not copyable, so it has exactly one owner: a worker thread fills one for a slice of a batch
/// and hands the bytes on with ``bytes``.
public struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    public private(set) var count = 0

    /// An empty writer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress!.initialize(from: base, count: count) }
            initialized = count
        }
    }

    /// An empty writer on the storage of `spent`, bytes already written out and no longer read, when
    /// it holds at least `capacity` bytes (else on new storage, and `spent`'s is freed), so a pipeline
    /// that writes batch after batch reuses the pages it touched instead of faulting in new ones.
    /// `spent` must not be read afterwards.
    init(recycling spent: WrittenBytes, capacity: Int) {
        let storage = spent.surrender()
        if storage.capacity >= capacity {
            base = storage.base
            self.capacity = storage.capacity
        } else {
            storage.base.deallocate()
            // Some room over the estimate, so a slightly larger next batch does not allocate again.
            self.capacity = max(16, capacity + capacity / 4)
            base = .allocate(capacity: self.capacity)
        }
    }

    /// The bytes written so far, handed over without a copy.
    consuming func finish() -> WrittenBytes {
        let written = WrittenBytes(base: base, count: count, capacity: capacity)
        discard self
        return written
    }

    /// Forgets the bytes written, keeping the storage.
    public mutating func removeAll() { count = 0 }

    /// Appends one byte.
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends a run of bytes.
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends a `,` when `comma` is true, then `bytes` (one capacity check): a list's member after the first.
    @inline(__always)
    mutating func append(comma: Bool, _ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count + 1)
        if comma {
            base[count] = UInt8(ascii: ",")
            count += 1
        }
        if let source = bytes.baseAddress { (base + count).initialize(from: source, count: bytes.count) }
        count += bytes.count
    }

    /// Appends the bytes of an array.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends `"`, `bytes` and `"` (one capacity check).
    mutating func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count + 2)
        base[count] = UInt8(ascii: "\"")
        if let source = bytes.baseAddress { (base + count + 1).initialize(from: source, count: bytes.count) }
        count += bytes.count + 2
        base[count - 1] = UInt8(ascii: "\"")
    }

    /// Appends `"`, `bytes` and `"` when `bytes` are ASCII that JSON writes as they are (no control
    /// character, `"`, `\\` or DEL), checking each eight bytes as it copies them, and returns
    /// `bytes.count`. Otherwise appends nothing and returns where the first eight bytes not known to be
    /// plain start: the bytes before that offset need no escape.
    mutating func appendQuotedIfPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        guard let source = bytes.baseAddress else {
            append("\"\"")
            return 0
        }
        reserve(n + 2)
        let target = base + count + 1
        var i = 0
        while n - i >= 8 {
            let word = UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)
            if JSONEscaping.notPlainBits(word) != 0 { return i }
            UnsafeMutableRawPointer(target + i).storeBytes(of: word, as: UInt64.self)
            i += 8
        }
        if i < n {
            if n >= 8 {
                // The last eight bytes, overlapping the ones already copied (which are plain).
                let word = UnsafeRawPointer(source + (n - 8)).loadUnaligned(as: UInt64.self)
                if JSONEscaping.notPlainBits(word) != 0 { return i }
                UnsafeMutableRawPointer(target + (n - 8)).storeBytes(of: word, as: UInt64.self)
            } else {
                for k in 0..<n {
                    let c = source[k]
                    if !JSONEscaping.isPlain(c) { return 0 }
                    target[k] = c
                }
            }
        }
        base[count] = UInt8(ascii: "\"")
        target[n] = UInt8(ascii: "\"")
        count += n + 2
        return n
    }

    /// Appends the UTF-8 of a literal.
    @inline(__always)
    public mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Lets `body` write at most `maximum` bytes straight into the storage; `body` returns how many it wrote.
    mutating func write(atMost maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximum)
        count += body(base + count)
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toFit: extra) }
    }

    @inline(never)
    private mutating func grow(toFit extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < extra { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// Bytes a ``ByteWriter`` wrote, owned (and freed) by this object unless a new writer takes the
/// storage over (``ByteWriter/init(recycling:capacity:)``).
final class WrittenBytes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    let count: Int
    /// The storage's size in bytes (at least ``count``).
    private let capacity: Int
    /// False once a writer took the storage over.
    private var owned = true

    init(base: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int) {
        self.base = base
        self.count = count
        self.capacity = capacity
    }

    deinit { if owned { base.deallocate() } }

    /// No bytes.
    static var empty: WrittenBytes { WrittenBytes(base: .allocate(capacity: 1), count: 0, capacity: 1) }

    /// Hands the storage to the caller, who frees or reuses it; the bytes must not be read afterwards.
    fileprivate func surrender() -> (base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        precondition(owned, "the storage of written bytes was taken twice")
        owned = false
        return (base, capacity)
    }

    /// Bytes `range` (within `0..<count`); valid while this object lives.
    func buffer(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }
}

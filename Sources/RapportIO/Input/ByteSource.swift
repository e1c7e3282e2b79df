#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable read buffer over a file descriptor. Bytes between `start` and `end` are unread.
///
/// Readers consume from the front (`start`), ``fill()`` appends at the back, moving the unread
/// bytes to the front first. Memory is bounded by the longest record the reader accepts.
final class ByteSource {
    let name: String
    private let fd: Int32
    var descriptor: Int32 { fd }
    private let ownsDescriptor: Bool
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var start = 0
    private(set) var end = 0
    private(set) var atEOF = false
    /// Bytes read from the descriptor so far.
    private(set) var bytesRead = 0
    /// Bytes consumed before `storage[0]` (so `consumedBefore + start` is the file offset of `start`;
    /// for UTF-16 input, the offset in the UTF-8 it is turned into).
    private(set) var consumedBefore = 0
    /// Set by ``detectUTF16()`` when the input is UTF-16: reads then go through `raw` and are transcoded.
    private var transcoder: UTF16Transcoder?
    private var raw: UnsafeMutablePointer<UInt8>?
    private static let rawCapacity = 1 << 16

    init(fd: Int32, name: String, ownsDescriptor: Bool, capacity: Int = 1 << 16) {
        self.fd = fd
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        self.capacity = capacity
        self.storage = .allocate(capacity: capacity)
    }

    /// A source over bytes already in memory (an HTTP request body): no descriptor, and the end of
    /// input is reached once they are consumed.
    init(bytes: [UInt8], name: String) {
        self.fd = -1
        self.name = name
        self.ownsDescriptor = false
        self.capacity = max(1, bytes.count)
        self.storage = .allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBufferPointer { storage.initialize(from: $0.baseAddress!, count: $0.count) }
        self.end = bytes.count
        self.bytesRead = bytes.count
        self.atEOF = true
    }

    deinit {
        storage.deallocate()
        raw?.deallocate()
        if ownsDescriptor { close(fd) }
    }

    var available: Int { end - start }

    subscript(offset: Int) -> UInt8 { storage[offset] }

    /// Reads more bytes (blocking until some arrive). Returns false at end of input.
    func fill() throws(InputError) -> Bool {
        if atEOF { return false }
        if start > 0 {
            let live = end - start
            if live > 0 { storage.update(from: storage + start, count: live) }
            consumedBefore += start
            end = live
            start = 0
        }
        if end == capacity || (transcoder != nil && capacity - end < 64) {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: storage, count: end)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        if transcoder != nil { return try fillTranscoding() }
        while true {
            let n = read(fd, storage + end, capacity - end)
            if n > 0 {
                end += n
                bytesRead += n
                return true
            }
            if n == 0 { atEOF = true; return false }
            if errno == EINTR { continue }
            throw InputError(input: name, message: "read failed: \(String(cString: strerror(errno)))")
        }
    }

    /// ``fill()`` for UTF-16 input: reads into `raw` at most what fits in the free space once transcoded.
    private func fillTranscoding() throws(InputError) -> Bool {
        let raw = self.raw!
        while true {
            // k code units take at most 3k + 3 bytes of UTF-8 (see `UTF16Transcoder.maxOutput`).
            let count = min(Self.rawCapacity, (capacity - end - 6) / 3 * 2)
            let n = read(fd, raw, count)
            if n > 0 {
                bytesRead += n
                let written = transcoder!.transcode(UnsafeBufferPointer(start: raw, count: n), into: storage + end)
                end += written
                if written > 0 { return true }
                continue
            }
            if n == 0 {
                atEOF = true
                let written = transcoder!.finish(into: storage + end)
                end += written
                return written > 0
            }
            if errno == EINTR { continue }
            throw InputError(input: name, message: "read failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Looks for a UTF-16 byte-order mark (`FF FE` or `FE FF`) at the very start of the input; when
    /// there is one, drops it and turns everything read from then on into UTF-8, so every reader sees
    /// UTF-8. Returns whether the input is UTF-16. Call before anything is consumed.
    @discardableResult
    func detectUTF16() throws(InputError) -> Bool {
        while available < 2 && !atEOF { _ = try fill() }
        guard available >= 2, transcoder == nil else { return false }
        let a = storage[start], b = storage[start + 1]
        guard (a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF) else { return false }
        var transcoder = UTF16Transcoder(bigEndian: a == 0xFE)
        start += 2
        consumedBefore += start
        let rest = UnsafeBufferPointer(start: storage + start, count: end - start)
        let newCapacity = max(capacity, UTF16Transcoder.maxOutput(forInput: rest.count) + 64)
        let converted = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        var written = transcoder.transcode(rest, into: converted)
        if atEOF { written += transcoder.finish(into: converted + written) }
        storage.deallocate()
        storage = converted
        capacity = newCapacity
        start = 0
        end = written
        self.transcoder = transcoder
        raw = .allocate(capacity: Self.rawCapacity)
        return true
    }

    /// Shrinks the buffer back after a huge record has been consumed.
    func shrinkIfIdle(limit: Int = 1 << 20) {
        guard capacity > limit, end - start < limit / 2 else { return }
        let live = end - start
        let smaller = UnsafeMutablePointer<UInt8>.allocate(capacity: limit)
        smaller.update(from: storage + start, count: live)
        storage.deallocate()
        storage = smaller
        capacity = limit
        consumedBefore += start
        start = 0
        end = live
    }

    /// The offset of the first `byte` in `from..<end`, or nil.
    func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < end else { return nil }
        guard let p = memchr(storage + from, Int32(byte), end - from) else { return nil }
        return storage.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// The address of the byte at `offset` (valid until the next ``fill()`` or ``shrinkIfIdle(limit:)``).
    func pointer(at offset: Int) -> UnsafePointer<UInt8> { UnsafePointer(storage + offset) }

    /// A copy of `range`.
    func bytes(_ range: Range<Int>) -> [UInt8] {
        Array(UnsafeBufferPointer(start: storage + range.lowerBound, count: range.count))
    }

    /// Skips a UTF-8 byte-order mark at the very start of the input, if there is one.
    func skipBOM() throws(InputError) {
        while available < 3 && !atEOF { _ = try fill() }
        if available >= 3, storage[start] == 0xEF, storage[start + 1] == 0xBB, storage[start + 2] == 0xBF { start += 3 }
    }
}

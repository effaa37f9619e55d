/// Reads the little-endian values `BinaryWriter` wrote, with bounds checks:
/// a truncated or corrupt section throws instead of crashing.
public struct BinaryReader: @unchecked Sendable {
    // Keeps the mapped file (or byte array) alive while the reader exists.
    private let owner: AnyObject?
    private let buffer: UnsafeRawBufferPointer
    private let context: String
    /// The read position, in bytes from the start of the section.
    public private(set) var position: Int = 0
    /// Whether the section's arrays written with `BinaryWriter.write(aligned:)`
    /// carry their alignment padding: set by the section's decoder from its
    /// format version (older sections wrote them without it).
    public var arraysAreAligned = false

    /// What keeps the bytes alive (the mapped model file, or a copy in
    /// memory): a decoder that keeps views of them (`readAlignedArrayView`,
    /// `readBytesView`) keeps this too.
    public var bytesOwner: AnyObject? { owner }

    /// Creates a reader over bytes that `owner` keeps alive. `context` names
    /// the file and section in error messages.
    public init(buffer: UnsafeRawBufferPointer, owner: AnyObject?, context: String) {
        self.buffer = buffer
        self.owner = owner
        self.context = context
    }

    /// Bytes left to read.
    public var remaining: Int { buffer.count - position }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position >= buffer.count }

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ModelError.truncated(path: context, detail: "needs \(count) bytes at offset \(position), has \(remaining)")
        }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[position..<(position + count)])
        position += count
        return slice
    }

    private mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let raw = try take(MemoryLayout<T>.size)
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    /// Reads one byte.
    public mutating func readUInt8() throws -> UInt8 { try readLittleEndian(UInt8.self) }
    /// Reads a 32-bit unsigned integer.
    public mutating func readUInt32() throws -> UInt32 { try readLittleEndian(UInt32.self) }
    /// Reads a 64-bit unsigned integer.
    public mutating func readUInt64() throws -> UInt64 { try readLittleEndian(UInt64.self) }
    /// Reads a signed integer written by `write(_: Int)`.
    public mutating func readInt() throws -> Int { Int(Int64(bitPattern: try readUInt64())) }
    /// Reads a double.
    public mutating func readDouble() throws -> Double { Double(bitPattern: try readUInt64()) }
    /// Reads a float.
    public mutating func readFloat() throws -> Float { Float(bitPattern: try readUInt32()) }
    /// Reads a Boolean.
    public mutating func readBool() throws -> Bool { try readUInt8() != 0 }

    /// Reads a count written as 64 bits and checks it is plausible for the
    /// bytes left, so corrupt counts fail fast instead of allocating wildly.
    private mutating func readCount(elementSize: Int) throws -> Int {
        let raw = try readUInt64()
        guard raw <= UInt64(remaining / max(elementSize, 1)) else {
            throw ModelError.corrupt(path: context, detail: "count \(raw) exceeds the data at offset \(position)")
        }
        return Int(raw)
    }

    /// Reads a string.
    public mutating func readString() throws -> String {
        let length = Int(try readUInt32())
        let raw = try take(length)
        return String(decoding: raw, as: UTF8.self)
    }

    /// Reads bytes written by `write(bytes:)`.
    public mutating func readBytes() throws -> [UInt8] {
        let count = try readCount(elementSize: 1)
        return Array(try take(count))
    }

    /// Reads bytes written by `write(bytes:)` without copying; valid while
    /// this reader's owner lives.
    public mutating func readBytesView() throws -> UnsafeRawBufferPointer {
        let count = try readCount(elementSize: 1)
        return try take(count)
    }

    /// The bytes of an array written by `BinaryWriter.write(aligned:)`,
    /// without copying: its count, the padding that aligns its first
    /// element to `alignment` bytes from the start of the section, then
    /// `count * elementSize` bytes (with `alignment` 1 there is no padding:
    /// an array written by `write(_: [UInt32])`). Valid while `bytesOwner`
    /// lives; aligned in memory when the section's start is (model sections
    /// start on 16 bytes).
    public mutating func readAlignedArrayView(elementSize: Int, alignment: Int) throws -> UnsafeRawBufferPointer {
        let count = try readCount(elementSize: elementSize)
        let padding = (alignment - position % alignment) % alignment
        _ = try take(padding)
        guard count <= remaining / max(elementSize, 1) else {
            throw ModelError.corrupt(path: context, detail: "count \(count) exceeds the data at offset \(position)")
        }
        return try take(count * elementSize)
    }

    /// Reads an array of 32-bit integers (one copy, no per-element work on
    /// little-endian machines).
    public mutating func readUInt32Array() throws -> [UInt32] {
        let result = try readFourByteArray(of: UInt32.self)
        #if _endian(big)
        return result.map { UInt32(littleEndian: $0) }
        #else
        return result
        #endif
    }

    /// Reads an array of floats (their bits copied as they are, like `readUInt32Array`).
    public mutating func readFloatArray() throws -> [Float] {
        let result = try readFourByteArray(of: Float.self)
        #if _endian(big)
        return result.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #else
        return result
        #endif
    }

    /// A counted array of 4-byte values, its bytes copied as stored (little-endian)
    /// into uninitialised storage: zero-filling it first was a second pass over
    /// every array of the model at each start.
    private mutating func readFourByteArray<Element: BitwiseCopyable>(of: Element.Type) throws -> [Element] {
        let count = try readCount(elementSize: 4)
        let raw = try take(count * 4)
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            initialized = count
        }
    }

    /// Reads an array of strings.
    public mutating func readStringArray() throws -> [String] {
        let count = try readCount(elementSize: 4)
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readString()) }
        return result
    }

    /// An error about this reader's data, for format checks done by callers.
    public func corrupt(_ detail: String) -> ModelError {
        .corrupt(path: context, detail: detail)
    }
}

/// Appends little-endian binary values to a byte buffer: the encoder every
/// model section uses.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Number of bytes written.
    public var count: Int { bytes.count }

    /// Writes one byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Writes a 32-bit unsigned integer.
    public mutating func write(_ value: UInt32) { appendLittleEndian(value) }

    /// Writes a 64-bit unsigned integer.
    public mutating func write(_ value: UInt64) { appendLittleEndian(value) }

    /// Writes a signed integer as 64 bits.
    public mutating func write(_ value: Int) { appendLittleEndian(UInt64(bitPattern: Int64(value))) }

    /// Writes a double by its bit pattern.
    public mutating func write(_ value: Double) { appendLittleEndian(value.bitPattern) }

    /// Writes a float by its bit pattern.
    public mutating func write(_ value: Float) { appendLittleEndian(value.bitPattern) }

    /// Writes a Boolean as one byte.
    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Writes a string as its UTF-8 length (32 bits) and bytes.
    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Writes raw bytes with a 64-bit length prefix.
    public mutating func write(bytes value: [UInt8]) {
        write(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes an array of 32-bit integers with a count prefix.
    public mutating func write(_ values: [UInt32]) {
        write(UInt64(values.count))
        for value in values { appendLittleEndian(value) }
    }

    /// Writes an array of 32-bit integers with a count prefix, then zero
    /// bytes up to a multiple of 4 from the start of the section, so a
    /// reader can use the values where they are mapped
    /// (`BinaryReader.readAlignedArrayView`).
    public mutating func write(aligned values: [UInt32]) {
        write(UInt64(values.count))
        while bytes.count % 4 != 0 { bytes.append(0) }
        for value in values { appendLittleEndian(value) }
    }

    /// Writes an array of floats with a count prefix.
    public mutating func write(_ values: [Float]) {
        write(UInt64(values.count))
        for value in values { appendLittleEndian(value.bitPattern) }
    }

    /// Writes an array of strings with a count prefix.
    public mutating func write(_ values: [String]) {
        write(UInt64(values.count))
        for value in values { write(value) }
    }

    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }
}

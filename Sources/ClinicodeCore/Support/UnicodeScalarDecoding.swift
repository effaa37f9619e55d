extension String {
    /// The string's Unicode scalars as an array, decoded straight from its
    /// UTF-8 storage in one pass.
    ///
    /// Same result as `Array(unicodeScalars)`, several times faster on
    /// note-sized text: that generic path walks the string twice (once to
    /// count, once to copy) decoding every scalar each time.
    public var unicodeScalarArray: [Unicode.Scalar] {
        let decoded = utf8.withContiguousStorageIfAvailable { bytes -> [Unicode.Scalar] in
            let count = bytes.count
            guard count > 0 else { return [] }
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
                var input = 0
                var output = 0
                // A native Swift string always holds valid UTF-8, so each
                // lead byte announces exactly how many continuation bytes follow.
                let raw = UnsafeRawPointer(bytes.baseAddress)
                let out = UnsafeMutableRawPointer(buffer.baseAddress!)
                let high: UInt64 = 0x8080_8080_8080_8080
                while input < count {
                    // Sixteen ASCII bytes at a time (nearly all of an English
                    // note), widened at once and stored as sixteen scalars
                    // (`Unicode.Scalar` is layout-compatible with `UInt32`).
                    // The test is on two 64-bit words: `==` on a vector of
                    // bytes compared lane by lane, with a branch per pair of
                    // lanes (about 35 instructions per eight bytes, not 10).
                    if let raw {
                        while input &+ 16 <= count {
                            let first = raw.loadUnaligned(fromByteOffset: input, as: UInt64.self)
                            let second = raw.loadUnaligned(fromByteOffset: input &+ 8, as: UInt64.self)
                            guard (first | second) & high == 0 else { break }
                            let chunk = raw.loadUnaligned(fromByteOffset: input, as: SIMD16<UInt8>.self)
                            (out + 4 &* output).storeBytes(of: SIMD16<UInt32>(truncatingIfNeeded: chunk),
                                                          as: SIMD16<UInt32>.self)
                            input &+= 16
                            output &+= 16
                        }
                        if input &+ 8 <= count {
                            let word = raw.loadUnaligned(fromByteOffset: input, as: UInt64.self)
                            if word & high == 0 {
                                let chunk = raw.loadUnaligned(fromByteOffset: input, as: SIMD8<UInt8>.self)
                                (out + 4 &* output).storeBytes(of: SIMD8<UInt32>(truncatingIfNeeded: chunk),
                                                              as: SIMD8<UInt32>.self)
                                input &+= 8
                                output &+= 8
                                continue
                            }
                        }
                        guard input < count else { break }
                    }
                    let lead = bytes[input]
                    if lead < 0x80 {
                        buffer[output] = Unicode.Scalar(lead)
                        input += 1
                    } else {
                        var value: UInt32
                        let length: Int
                        if lead < 0xE0 {
                            value = UInt32(lead & 0x1F)
                            length = 2
                        } else if lead < 0xF0 {
                            value = UInt32(lead & 0x0F)
                            length = 3
                        } else {
                            value = UInt32(lead & 0x07)
                            length = 4
                        }
                        var position = input + 1
                        while position < input + length, position < count {
                            value = value << 6 | UInt32(bytes[position] & 0x3F)
                            position += 1
                        }
                        buffer[output] = Unicode.Scalar(value) ?? "\u{FFFD}"
                        input += length
                    }
                    output += 1
                }
                initialized = output
            }
        }
        return decoded ?? Array(unicodeScalars)
    }
}

extension String {
    /// A string of the given scalars; pure ASCII (nearly every surface of a
    /// note) is copied byte by byte, without scalar-by-scalar appends.
    public init(scalars: ArraySlice<Unicode.Scalar>) {
        let ascii: String? = scalars.withUnsafeBufferPointer { buffer in
            var isASCII = true
            let text = String(unsafeUninitializedCapacity: buffer.count) { bytes in
                for index in buffer.indices {
                    let value = buffer[index].value
                    guard value < 0x80 else {
                        isASCII = false
                        return 0
                    }
                    bytes[index] = UInt8(truncatingIfNeeded: value)
                }
                return buffer.count
            }
            return isASCII ? text : nil
        }
        if let ascii {
            self = ascii
            return
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}

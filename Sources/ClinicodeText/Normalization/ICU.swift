import CICUShim

/// Thin Swift wrappers over the C shim. Each call allocates its own scratch
/// buffers, so nothing is shared between threads.
///
/// The shim's sentence break iterator is not used: on the CodiEsp notes it
/// alone runs at ~125 MB/s (a third of the text layer's time budget) and
/// still needs the clinical fixes, which the rule-based splitter does itself.
enum ICU {
    /// Runs one of the shim's UTF-16 -> UTF-16 transforms, growing the
    /// output buffer once when ICU reports it is too small.
    private static func transform(
        _ input: [UInt16],
        _ function: (UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<UInt16>?, Int32) -> Int32
    ) -> [UInt16]? {
        if input.isEmpty { return [] }
        var capacity = input.count * 2 + 8
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            let needed = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    function(source.baseAddress, Int32(source.count), destination.baseAddress, Int32(capacity))
                }
            }
            if needed < 0 { return nil }
            if Int(needed) <= capacity {
                output.removeSubrange(Int(needed)...)
                return output
            }
            capacity = Int(needed) + 1
        }
        return nil
    }

    /// NFKC with case folding.
    static func nfkcCaseFold(_ input: [UInt16]) -> [UInt16]? {
        transform(input) { clinicode_nfkc_casefold($0, $1, $2, $3) }
    }

    /// Removes nonspacing marks after canonical decomposition.
    static func stripAccents(_ input: [UInt16]) -> [UInt16]? {
        transform(input) { clinicode_strip_accents($0, $1, $2, $3) }
    }
}

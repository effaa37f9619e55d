import ClinicodeCore

/// A span's original text, as `Document.surface` gives it, built by
/// encoding the scalars straight into the new string's UTF-8 storage
/// (every evidence item output needs one, see `NoteEvidence`; appending
/// scalar by scalar to a `UnicodeScalarView` was a visible share of ranking).
enum SurfaceText {
    static func surface(of span: TextSpan, in document: Document) -> String {
        let scalars = document.scalars
        let lower = max(0, min(span.start, scalars.count))
        let upper = max(lower, min(span.end, scalars.count))
        guard lower < upper else { return "" }
        return scalars.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: (upper - lower) * 4) { target in
                var count = 0
                for index in lower..<upper {
                    let scalar = source[index]
                    if scalar.value < 0x80 {
                        target[count] = UInt8(truncatingIfNeeded: scalar.value)
                        count += 1
                    } else {
                        UTF8.encode(scalar) { byte in
                            target[count] = byte
                            count += 1
                        }
                    }
                }
                return count
            }
        }
    }
}

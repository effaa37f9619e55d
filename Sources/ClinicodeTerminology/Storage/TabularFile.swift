import ClinicodeCore
import Foundation

/// A tab-separated lexicon file read at byte level: the same rules as
/// `DataFile` (`#` comment lines and blank lines skipped, fields trimmed of
/// spaces and `\r`, 1-based line numbers) but fast enough for the 100,000-row
/// generated ICD-10-CM tables, which dominate model-build time otherwise.
struct TabularFile {
    let source: String
    let rows: [DataFile.Row]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataFileError.unreadable(path: path) }
        source = path
        var rows: [DataFile.Row] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var lineNumber = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0a { lineEnd += 1 }
                lineNumber += 1
                if let row = Self.row(bytes, lineStart, lineEnd, lineNumber) { rows.append(row) }
                lineStart = lineEnd + 1
            }
        }
        self.rows = rows
    }

    private static func row(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ line: Int) -> DataFile.Row? {
        guard start < end, bytes[start] != 0x23 else { return nil } // '#'
        var fields: [String] = []
        var blank = true
        var fieldStart = start
        for position in start...end {
            if position < end, bytes[position] != 0x09 {
                let byte = bytes[position]
                if byte != 0x20, byte != 0x0d { blank = false }
                continue
            }
            var low = fieldStart
            var high = position
            while low < high, bytes[low] == 0x20 || bytes[low] == 0x0d { low += 1 }
            while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x0d { high -= 1 }
            fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self))
            fieldStart = position + 1
        }
        return blank ? nil : DataFile.Row(line: line, fields: fields)
    }
}

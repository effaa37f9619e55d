import Foundation
import SyntheticNotes

/// `generate-notes`: deterministic synthetic clinical notes for the
/// benchmarks, so no corpus has to be stored or shipped.
///
///     generate-notes --directory DIR --count N   # N files note-00000.txt ...
///     generate-notes --jsonl --count N           # N JSON lines on stdout (streamed)
///     generate-notes --bytes B                   # one note of at least B bytes on stdout
///     [--seed S]
struct GenerateNotes {
    static let usage = "usage: generate-notes (--directory DIR --count N | --jsonl --count N | --bytes B) [--seed S]"

    var options: [String: String] = [:]
    var jsonl = false

    init(arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--jsonl": jsonl = true
            case "--directory", "--count", "--bytes", "--seed":
                guard let value = rest.popFirst() else { Self.fail("\(argument) needs a value") }
                options[argument] = value
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default: Self.fail("unknown argument \(argument)")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("generate-notes: " + message + "\n" + usage + "\n").utf8))
        exit(2)
    }

    func number(_ name: String) -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text), value >= 0 else { Self.fail("\(name) must be a non-negative integer") }
        return value
    }

    func run() {
        let generator = SyntheticNoteGenerator(seed: number("--seed").map(UInt64.init) ?? 20_260_601)
        let output = FileHandle.standardOutput
        if let bytes = number("--bytes") {
            output.write(Data(generator.text(atLeast: bytes).utf8))
        } else if let count = number("--count") {
            if jsonl {
                // Streamed in 1 MB pieces so a million notes need no memory.
                var buffer = ""
                for index in 0..<count {
                    buffer += JSONLine.note(id: "synthetic-\(index)", text: generator.note(index)) + "\n"
                    if buffer.utf8.count > 1 << 20 {
                        output.write(Data(buffer.utf8))
                        buffer = ""
                    }
                }
                output.write(Data(buffer.utf8))
            } else if let directory = options["--directory"] {
                writeFiles(count: count, to: directory, generator)
            } else {
                Self.fail("--count needs --directory DIR or --jsonl")
            }
        } else {
            Self.fail("nothing to do")
        }
    }

    private func writeFiles(count: Int, to directory: String, _ generator: SyntheticNoteGenerator) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for index in 0..<count {
                let path = directory + "/" + String(format: "note-%05d.txt", index)
                try Data(generator.note(index).utf8).write(to: URL(fileURLWithPath: path))
            }
        } catch {
            Self.fail("cannot write to \(directory): \(error.localizedDescription)")
        }
    }
}

GenerateNotes(arguments: Array(CommandLine.arguments.dropFirst())).run()

import Benchmark
import Clinicode
import Foundation

/// One benchmark per pipeline stage, each over the same sample of notes, with
/// the stage's input prepared outside the measured region so each figure is
/// that stage alone. Throughput (kB/s of note text) is reported as a custom
/// metric next to wall clock, allocations and resident memory.
let benchmarks: @Sendable () -> Void = {
    let inputs = BenchmarkInputs.load()
    let pipeline = Pipeline(model: inputs.model)
    let analyzer = TextAnalyzer(rules: inputs.model.textRules)
    let detector = ContextDetector(rules: inputs.model.contextRules)
    let options = RankingOptions()

    // Each stage's input, computed once.
    let analyzed = inputs.notes.map { analyzer.analyze(id: $0.id, text: $0.text) }
    let matched = analyzed.map { document -> Document in
        var copy = document
        inputs.model.terminology.annotate(&copy)
        return copy
    }
    let annotated = matched.map { document -> Document in
        var copy = document
        detector.annotate(&copy)
        return copy
    }

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, StageMetric.kilobytesPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 50
    )
    let sample = "\(inputs.notes.count) notes"

    stage("Tokenise+normalise (\(sample))", bytes: inputs.bytes) {
        for note in inputs.notes { blackHole(analyzer.tokenize(note.text)) }
    }
    stage("Text: tokens+sentences+sections (\(sample))", bytes: inputs.bytes) {
        for note in inputs.notes { blackHole(analyzer.analyze(id: note.id, text: note.text)) }
    }
    stage("Matcher (\(sample))", bytes: inputs.bytes) {
        for document in analyzed {
            var copy = document
            inputs.model.terminology.annotate(&copy)
            blackHole(copy)
        }
    }
    stage("Context (\(sample))", bytes: inputs.bytes) {
        for document in matched {
            var copy = document
            detector.annotate(&copy)
            blackHole(copy)
        }
    }
    stage("Ranker+procedure rules (\(sample))", bytes: inputs.bytes) {
        for document in annotated { blackHole(pipeline.suggest(document, options: options)) }
    }
    stage("Whole pipeline (\(sample))", bytes: inputs.bytes) {
        for note in inputs.notes { blackHole(pipeline.suggest(id: note.id, text: note.text, options: options)) }
    }
    Benchmark("Model load + pipeline init",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
                                   timeUnits: .milliseconds, maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                let model = try ClinicodeModel.load(path: inputs.modelPath)
                blackHole(Pipeline(model: model))
            } catch {
                fatalError("model load failed: \(error)")
            }
        }
    }
}

/// Custom metrics.
enum StageMetric {
    /// Note text processed per second, in kB (10^3 bytes; 20 MB/s = 20000), per iteration.
    static let kilobytesPerSecond = BenchmarkMetric.custom("kB/s", polarity: .prefersLarger, useScalingFactor: false)
}

/// Registers a benchmark whose iteration runs `body` once over `bytes` of
/// note text, and records MB/s alongside the standard metrics.
func stage(_ name: String, bytes: Int, _ body: @escaping @Sendable () -> Void) {
    Benchmark(name) { benchmark in
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let elapsed = max(1, DispatchTime.now().uptimeNanoseconds - start)
        // kB/s (10^3 bytes per second) keeps the integer metric precise.
        benchmark.measurement(StageMetric.kilobytesPerSecond, Int(Double(bytes) * 1e6 / Double(elapsed)))
    }
}

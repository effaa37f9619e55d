import Foundation

/// Maps ranking margins back to probabilities: fits `sigmoid(a·m + b)` to the
/// gold targets (logistic loss, Newton steps). A ranking loss leaves the
/// margins' scale arbitrary, but the scores are shown as 0-1 confidences and
/// cut at `RankingOptions.defaultMinScore`; a positive `a` keeps every order.
enum PlattCalibration {
    static func fit(margins: [Double], targets: [Double], iterations: Int = 50) -> (slope: Double, offset: Double) {
        var a = 1.0, b = 0.0
        let ridge = 1e-6
        for _ in 0..<iterations {
            var ga = 0.0, gb = 0.0, haa = ridge, hab = 0.0, hbb = ridge
            for (m, y) in zip(margins, targets) {
                let p = 1 / (1 + exp(-(a * m + b)))
                let w = max(1e-12, p * (1 - p))
                ga += (p - y) * m
                gb += p - y
                haa += w * m * m
                hab += w * m
                hbb += w
            }
            let determinant = haa * hbb - hab * hab
            guard determinant > 0 else { break }
            let stepA = (hbb * ga - hab * gb) / determinant
            let stepB = (haa * gb - hab * ga) / determinant
            a -= stepA
            b -= stepB
            if abs(stepA) < 1e-9 && abs(stepB) < 1e-9 { break }
        }
        return a > 0 ? (a, b) : (1, 0)
    }
}

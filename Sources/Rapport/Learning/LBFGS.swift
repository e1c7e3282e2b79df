/// A limited-memory BFGS minimiser for smooth functions of a few thousand to a few hundred thousand
/// variables, deterministic: the same function and start give the same point bit for bit.
///
/// Each iteration takes the direction `−H·g`, where `H` approximates the inverse Hessian from the last
/// ``memory`` steps `s = x′ − x` and gradient changes `y = g′ − g` (the two-loop recursion, scaled by
/// `s·y / y·y` of the newest pair), then backtracks from a step of 1 until the objective falls by at
/// least `10⁻⁴ · step · (g·d)` (Armijo; near the minimum, where the objective's change is below its
/// rounding, by the slope instead: ``approximateWolfe(_:_:)``). A pair whose curvature `s·y` is not clearly positive (the
/// objective need not be convex) is not kept, so `H` stays positive definite and the direction always
/// descends; when it would not, the iteration falls back to the steepest descent. It stops when the
/// Euclidean norm of the gradient is at most ``tolerance``, when no step lowers the objective any more
/// (the limit of the arithmetic), or after ``maxIterations``.
struct LBFGS {
    /// How many recent steps approximate the Hessian.
    var memory = 10
    /// The gradient norm at which the point counts as converged.
    var tolerance = 1e-6
    /// The most iterations (each costs one or a few evaluations of the function).
    var maxIterations = 5000

    /// Where a run ended.
    struct Result {
        /// The point reached.
        var point: [Double]
        /// The objective there.
        var value: Double
        /// The Euclidean norm of the gradient there.
        var gradientNorm: Double
        /// Iterations taken.
        var iterations: Int
        /// Whether the gradient norm reached ``LBFGS/tolerance``.
        var converged: Bool
    }

    /// Minimises `function` from `start`. `function` returns the objective at a point and writes its
    /// gradient into the second argument (of the same length as the point).
    func minimize(from start: [Double], _ function: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = function(x, &gradient)
        var steps: [[Double]] = [], changes: [[Double]] = [], curvatures: [Double] = []
        var candidate = [Double](repeating: 0, count: n), candidateGradient = [Double](repeating: 0, count: n)
        var norm = Self.norm(gradient)
        var iteration = 0
        while norm > tolerance && iteration < maxIterations {
            iteration += 1
            var direction = self.direction(gradient, steps: steps, changes: changes, curvatures: curvatures)
            var slope = Self.dot(gradient, direction)
            if !(slope < 0) {
                // Not a descent direction (rounding, or a poor approximation): start the memory afresh.
                steps.removeAll()
                changes.removeAll()
                curvatures.removeAll()
                direction = gradient.map { -$0 }
                slope = -norm * norm
            }
            // Before any curvature is known, the first step moves a distance of 1 at most.
            var length = steps.isEmpty ? min(1, 1 / norm) : 1
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<n { candidate[i] = x[i] + length * direction[i] }
                let candidateValue = function(candidate, &candidateGradient)
                if candidateValue <= value + 1e-4 * length * slope
                    || (candidateValue <= value + 1e-12 * abs(value) && Self.approximateWolfe(Self.dot(candidateGradient, direction), slope))
                {
                    var step = [Double](repeating: 0, count: n), change = [Double](repeating: 0, count: n)
                    for i in 0..<n {
                        step[i] = candidate[i] - x[i]
                        change[i] = candidateGradient[i] - gradient[i]
                    }
                    let curvature = Self.dot(step, change)
                    if curvature > 1e-10 * Self.norm(step) * Self.norm(change) {
                        if steps.count == memory {
                            steps.removeFirst()
                            changes.removeFirst()
                            curvatures.removeFirst()
                        }
                        steps.append(step)
                        changes.append(change)
                        curvatures.append(curvature)
                    }
                    swap(&x, &candidate)
                    swap(&gradient, &candidateGradient)
                    value = candidateValue
                    accepted = true
                    break
                }
                length *= 0.5
            }
            norm = Self.norm(gradient)
            // No step lowers the objective: the point is as good as the arithmetic allows.
            if !accepted { break }
        }
        return Result(point: x, value: value, gradientNorm: norm, iterations: iteration, converged: norm <= tolerance)
    }

    /// Near the minimum the objective's change falls below its rounding and the sufficient-decrease test
    /// cannot see progress; a step whose value is within rounding of the old one is then taken when the
    /// slope along the direction shows it went neither too short nor past the minimum: from `slope`
    /// (negative) to between `0.9 · slope` and `−0.8 · slope` (Hager and Zhang's approximate Wolfe
    /// conditions), which needs only the gradient, exact to far fewer digits lost.
    static func approximateWolfe(_ newSlope: Double, _ slope: Double) -> Bool {
        newSlope >= 0.9 * slope && newSlope <= -0.8 * slope
    }

    /// `−H·gradient` by the two-loop recursion over the kept pairs (the newest last).
    func direction(_ gradient: [Double], steps: [[Double]], changes: [[Double]], curvatures: [Double]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for k in steps.indices.reversed() {
            let alpha = Self.dot(steps[k], q) / curvatures[k]
            alphas[k] = alpha
            for i in q.indices { q[i] -= alpha * changes[k][i] }
        }
        if let last = steps.indices.last {
            let gamma = curvatures[last] / Self.dot(changes[last], changes[last])
            for i in q.indices { q[i] *= gamma }
        }
        for k in steps.indices {
            let beta = Self.dot(changes[k], q) / curvatures[k]
            for i in q.indices { q[i] += (alphas[k] - beta) * steps[k][i] }
        }
        for i in q.indices { q[i] = -q[i] }
        return q
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}

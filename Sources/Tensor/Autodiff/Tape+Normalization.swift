// Dropout and batch normalisation: the two ops that behave differently in training.

extension Tape {
    /// Inverted dropout: zeroes each element with probability `rate` and scales the
    /// rest by 1 / (1 - rate), with the mask drawn from `random`. Callers apply it only
    /// while training (at inference it is the identity).
    public func dropout(_ x: Variable, rate: Float, random: inout SeededRandom) -> Variable {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
        guard rate > 0 else { return x }
        let keep = 1 / (1 - rate)
        let mask = Tensor(uninitializedShape: self[x].shape)
        let m = mask.storage.base
        for i in 0..<mask.count { m[i] = random.unitFloat() < rate ? 0 : keep }
        return record(self[x] * mask, inputs: [x]) { tape, g in
            tape.accumulate(g * mask, into: x)
        }
    }

    /// Batch normalisation over every axis but axis 1 (the features of [N, F], the
    /// channels of [N, C, H, W]), PyTorch semantics: in training, normalises with the
    /// batch's mean and biased variance and updates the running statistics as
    /// `running = (1 - momentum) * running + momentum * batch` (the variance unbiased);
    /// otherwise normalises with the running statistics.
    public func batchNorm(
        _ x: Variable, scale gamma: Variable, shift beta: Variable,
        runningMean: inout Tensor, runningVariance: inout Tensor,
        momentum: Float = 0.1, epsilon: Float = 1e-5, training: Bool
    ) -> Variable {
        let vx = self[x]
        precondition(vx.rank >= 2, "batchnorm needs a batch axis and a feature axis, got \(vx.shape)")
        let (outer, channels) = (vx.shape[0], vx.shape[1])
        let inner = vx.count / Swift.max(outer * channels, 1)
        precondition(
            self[gamma].count == channels && self[beta].count == channels
                && runningMean.count == channels && runningVariance.count == channels,
            "batchnorm: \(channels) channels but parameters of other sizes")
        let m = outer * inner
        let normalized = Tensor(uninitializedShape: vx.shape)
        let y = Tensor(uninitializedShape: vx.shape)
        let inverseStd = Tensor(uninitializedShape: [channels])
        let (px, pn, py, pis) = (vx.storage.base, normalized.storage.base, y.storage.base, inverseStd.storage.base)
        let (pg, pb) = (self[gamma].storage.base, self[beta].storage.base)
        runningMean.makeUnique()
        runningVariance.makeUnique()
        let (rm, rv) = (runningMean.storage.base, runningVariance.storage.base)
        for c in 0..<channels {
            var mean: Float, variance: Float
            if training {
                var total: Double = 0
                for n in 0..<outer {
                    let row = px + (n * channels + c) * inner; for i in 0..<inner { total += Double(row[i]) }
                }
                let mu = total / Double(m)
                var squares: Double = 0
                for n in 0..<outer {
                    let row = px + (n * channels + c) * inner
                    for i in 0..<inner { let d = Double(row[i]) - mu; squares += d * d }
                }
                mean = Float(mu)
                variance = Float(squares / Double(m))
                let unbiased = m > 1 ? Float(squares / Double(m - 1)) : variance
                rm[c] = (1 - momentum) * rm[c] + momentum * mean
                rv[c] = (1 - momentum) * rv[c] + momentum * unbiased
            } else {
                mean = rm[c]
                variance = rv[c]
            }
            let istd = 1 / (variance + epsilon).squareRoot()
            pis[c] = istd
            for n in 0..<outer {
                let offset = (n * channels + c) * inner
                for i in 0..<inner {
                    let v = (px[offset + i] - mean) * istd
                    pn[offset + i] = v
                    py[offset + i] = pg[c] * v + pb[c]
                }
            }
        }
        let gammaValue = self[gamma]
        return record(y, inputs: [x, gamma, beta]) { tape, g in
            let dGamma = Tensor(uninitializedShape: [channels])
            let dBeta = Tensor(uninitializedShape: [channels])
            let dx = Tensor(uninitializedShape: vx.shape)
            // Reading through the tensors (not the forward pass's pointers) keeps them alive.
            let (pgr, pdx, pgm) = (g.storage.base, dx.storage.base, gammaValue.storage.base)
            let (pn, pis) = (normalized.storage.base, inverseStd.storage.base)
            for c in 0..<channels {
                var sumG: Float = 0, sumGN: Float = 0
                for n in 0..<outer {
                    let offset = (n * channels + c) * inner
                    for i in 0..<inner { sumG += pgr[offset + i]; sumGN += pgr[offset + i] * pn[offset + i] }
                }
                dGamma.storage.base[c] = sumGN
                dBeta.storage.base[c] = sumG
                let k = pgm[c] * pis[c]
                let invM = 1 / Float(m)
                for n in 0..<outer {
                    let offset = (n * channels + c) * inner
                    for i in 0..<inner {
                        // With batch statistics the mean and variance depend on x too.
                        pdx[offset + i] =
                            training
                            ? k * (pgr[offset + i] - invM * sumG - pn[offset + i] * invM * sumGN)
                            : k * pgr[offset + i]
                    }
                }
            }
            tape.accumulate(dGamma, into: gamma)
            tape.accumulate(dBeta, into: beta)
            tape.accumulate(dx, into: x)
        }
    }
}

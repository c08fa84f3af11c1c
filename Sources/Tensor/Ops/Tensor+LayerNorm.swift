// Layer normalisation: each sample's last axis (its features, or each position's
// features in a sequence) scaled to mean 0 and variance 1, then by a learned scale and
// shift, as PyTorch's nn.LayerNorm over the last dimension (biased variance, eps 1e-5).

extension Tensor {
    /// y = (x - mean) / sqrt(var + eps) * scale + shift over the last axis of x; also the
    /// normalised values and each row's 1 / sqrt(var + eps), for the backward pass.
    static func layerNormForward(_ x: Tensor, scale: Tensor, shift: Tensor, epsilon: Float)
        -> (output: Tensor, normalized: Tensor, inverseDeviation: [Float])
    {
        let width = x.shape.last ?? 1
        let rows = x.count / Swift.max(width, 1)
        var output = Tensor(zeros: x.shape)
        var normalized = Tensor(zeros: x.shape)
        var inverse = [Float](repeating: 0, count: rows)
        x.withUnsafeBufferPointer { x in
            scale.withUnsafeBufferPointer { gamma in
                shift.withUnsafeBufferPointer { beta in
                    output.withUnsafeMutableBufferPointer { out in
                        normalized.withUnsafeMutableBufferPointer { norm in
                            for row in 0..<rows {
                                let base = row * width
                                var mean = 0.0
                                for k in 0..<width { mean += Double(x[base + k]) }
                                mean /= Double(width)
                                var variance = 0.0
                                for k in 0..<width {
                                    let d = Double(x[base + k]) - mean
                                    variance += d * d
                                }
                                variance /= Double(width)
                                let inv = 1 / (variance + Double(epsilon)).squareRoot()
                                inverse[row] = Float(inv)
                                for k in 0..<width {
                                    let n = Float((Double(x[base + k]) - mean) * inv)
                                    norm[base + k] = n
                                    out[base + k] = n * gamma[k] + beta[k]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, normalized, inverse)
    }

    /// The gradients of x, scale and shift from the output's gradient.
    static func layerNormBackward(
        _ gradient: Tensor, normalized: Tensor, inverseDeviation: [Float], scale: Tensor
    ) -> (input: Tensor, scale: Tensor, shift: Tensor) {
        let width = normalized.shape.last ?? 1
        let rows = inverseDeviation.count
        var dInput = Tensor(zeros: normalized.shape)
        var dScale = Tensor(zeros: [width])
        var dShift = Tensor(zeros: [width])
        gradient.withUnsafeBufferPointer { g in
            normalized.withUnsafeBufferPointer { norm in
                scale.withUnsafeBufferPointer { gamma in
                    dInput.withUnsafeMutableBufferPointer { dx in
                        dScale.withUnsafeMutableBufferPointer { dGamma in
                            dShift.withUnsafeMutableBufferPointer { dBeta in
                                for row in 0..<rows {
                                    let base = row * width
                                    var sum = 0.0, dot = 0.0
                                    for k in 0..<width {
                                        let dn = Double(g[base + k] * gamma[k])
                                        sum += dn
                                        dot += dn * Double(norm[base + k])
                                        dGamma[k] += g[base + k] * norm[base + k]
                                        dBeta[k] += g[base + k]
                                    }
                                    let inv = Double(inverseDeviation[row]) / Double(width)
                                    for k in 0..<width {
                                        let dn = Double(g[base + k] * gamma[k])
                                        dx[base + k] = Float(
                                            inv * (Double(width) * dn - sum - Double(norm[base + k]) * dot))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dInput, dScale, dShift)
    }
}

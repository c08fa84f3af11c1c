import Foundation

// Recurrent layers (LSTM and GRU) over a whole sequence in one operation, with PyTorch's
// gate layout: per direction W_ih [gates * H, D], W_hh [gates * H, H], b_ih and b_hh
// [gates * H], gates in the order (input, forget, cell, output) for an LSTM and (reset,
// update, new) for a GRU, where n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) and
// h' = (1 - z) * n + z * h.
//
// The input projection of every position is one GEMM; each step then adds one
// [N, H] x [H, gates * H] GEMM and the gates' elementwise work. Steps run over a
// time-major copy, so each step's rows are contiguous for BLAS. A position the mask
// marks as padding leaves the state as it was (so the final state is the state after
// the last token, as PyTorch's packed sequences and ONNX's `sequence_lens` give) and
// outputs zeros.
//
// Padding costs nothing, as in PyTorch's PackedSequence: the sequences are taken longest
// first, so the ones still holding tokens at a step (padding at the end, as vectorize
// writes it) are the first `active[s]` rows, and each step's products and gates run on
// those rows only. A mask with padding elsewhere is handled row by row instead.

/// The cell of a recurrent layer.
public enum RecurrentCell: String, Sendable, Hashable, CaseIterable {
    case lstm, gru

    /// The gates stacked in each weight matrix: 4 for an LSTM, 3 for a GRU.
    public var gates: Int { self == .lstm ? 4 : 3 }
}

/// The shape of one recurrent pass: N sequences of L positions of D features, H units.
public struct RecurrentGeometry: Sendable, Hashable {
    public var cell: RecurrentCell
    public var batch: Int
    public var length: Int
    public var features: Int
    public var units: Int
    /// Whether the sequence is read from its end to its start (a bidirectional layer's
    /// second direction).
    public var reverse: Bool
    /// Whether every position's output is kept ([N, L, width]) or only the final state ([N, width]).
    public var sequences: Bool
    /// The output's last extent (H, or 2H for a bidirectional layer) and where this direction writes in it.
    public var outputWidth: Int
    public var outputOffset: Int

    public init(
        cell: RecurrentCell, batch: Int, length: Int, features: Int, units: Int, reverse: Bool, sequences: Bool,
        outputWidth: Int, outputOffset: Int
    ) {
        self.cell = cell
        self.batch = batch
        self.length = length
        self.features = features
        self.units = units
        self.reverse = reverse
        self.sequences = sequences
        self.outputWidth = outputWidth
        self.outputOffset = outputOffset
    }

    /// The position step `s` reads.
    @inline(__always) func position(_ step: Int) -> Int { reverse ? length - 1 - step : step }
}

/// What one direction's forward pass keeps for its backward pass.
public struct RecurrentTrace: @unchecked Sendable {
    let geometry: RecurrentGeometry
    /// The input by step, [L * N, D].
    let input: Tensor
    /// The activated gates by step, [L * N, gates * H].
    let gates: Tensor
    /// The hidden state before each step and after the last, [(L + 1) * N, H].
    let hidden: Tensor
    /// LSTM: the cell state before each step and after the last, [(L + 1) * N, H];
    /// GRU: W_hn h + b_hn of each step, [L * N, H].
    let memory: Tensor
    let schedule: RecurrentSchedule
}

/// Which rows each step computes: the batch in `order` (row i of a step is sequence
/// `order[i]`), the first `active[s]` of them at step s, and, when padding is not all at
/// the ends, whether each (step, row) is a token.
struct RecurrentSchedule {
    var order: [Int]
    var active: [Int]
    var valid: [Bool]?

    /// Every row, every step: a batch without padding.
    init(batch: Int, length: Int) {
        order = Array(0..<batch)
        active = [Int](repeating: batch, count: length)
    }

    init(mask: Tensor, geometry g: RecurrentGeometry) {
        let (n, l) = (g.batch, g.length)
        self.init(batch: n, length: l)
        let m = mask.storage.base
        let tokens = (0..<n).map { b in (0..<l).reduce(0) { $0 + (m[b &* l &+ $1] != 0 ? 1 : 0) } }
        guard tokens.contains(where: { $0 < l }) else { return }
        let sorted = (0..<n).sorted { tokens[$0] != tokens[$1] ? tokens[$0] > tokens[$1] : $0 < $1 }
        var flags = [Bool](repeating: false, count: l * n)
        var counts = [Int](repeating: 0, count: l)
        for s in 0..<l {
            let t = g.position(s)
            for (i, b) in sorted.enumerated() where m[b &* l &+ t] != 0 {
                flags[s &* n &+ i] = true
                counts[s] += 1
            }
        }
        // The tokens of each step are the longest sequences' whenever each sequence's
        // tokens come first (or, read backwards, last): then rows past `active` are padding.
        let prefixes = (0..<l).allSatisfy { s in (0..<n).allSatisfy { i in flags[s &* n &+ i] == (i < counts[s]) } }
        if prefixes {
            order = sorted
            active = counts
        } else {
            valid = (0..<(l * n)).map { m[($0 % n) &* l &+ g.position($0 / n)] != 0 }
        }
    }

    /// Whether row i of step s is a token.
    @inline(__always) func isToken(_ s: Int, _ i: Int, batch n: Int) -> Bool {
        i < active[s] && (valid?[s &* n &+ i] ?? true)
    }

    var isFull: Bool { valid == nil && active.allSatisfy { $0 == order.count } }
}

extension Tensor {
    @inline(__always) private static func logistic(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// One direction of a recurrent layer over x [N, L, D], written into `output`
    /// ([N, L, outputWidth] or [N, outputWidth], at the geometry's offset).
    /// - Parameters:
    ///   - weights: W_ih, W_hh, b_ih, b_hh.
    ///   - mask: [N, L], 1 for a token and 0 for padding; nil when there is no padding.
    static func recurrentForward(
        _ x: Tensor, weights: [Tensor], mask: Tensor?, geometry g: RecurrentGeometry, into output: inout Tensor
    ) -> RecurrentTrace {
        let (n, l, d, h) = (g.batch, g.length, g.features, g.units)
        let gh = g.cell.gates * h
        let (wIH, wHH, bIH, bHH) = (weights[0], weights[1], weights[2], weights[3])
        precondition(
            wIH.shape == [gh, d] && wHH.shape == [gh, h] && bIH.shape == [gh] && bHH.shape == [gh],
            "recurrent weights \(weights.map(\.shape)) do not fit \(g.cell.rawValue) of \(h) units over \(d) features")
        let schedule = mask.map { RecurrentSchedule(mask: $0, geometry: g) } ?? RecurrentSchedule(batch: n, length: l)
        let (order, active) = (schedule.order, schedule.active)
        // The input by step, so each step's rows are contiguous, in the schedule's order.
        let input = Tensor(zeros: [l * n, d])
        let xs = input.storage.base, xp = x.storage.base
        for s in 0..<l {
            let t = g.position(s)
            for i in 0..<active[s] { (xs + (s &* n &+ i) &* d).update(from: xp + (order[i] &* l &+ t) &* d, count: d) }
        }
        // Every step's input projection, in one product without padding or one per step,
        // with its bias (and, for an LSTM, the hidden bias too: it is added to the same sums).
        let gates = Tensor(zeros: [l * n, gh])
        let a = gates.storage.base
        if schedule.isFull {
            gemm(xs, transposed: false, wIH.storage.base, transposed: true, into: a, m: l * n, n: gh, k: d, beta: 0)
        } else {
            for s in 0..<l where active[s] > 0 {
                gemm(
                    xs + s &* n &* d, transposed: false, wIH.storage.base, transposed: true, into: a + s &* n &* gh,
                    m: active[s], n: gh, k: d, beta: 0)
            }
        }
        let bi = bIH.storage.base, bh = bHH.storage.base
        for s in 0..<l {
            for i in 0..<active[s] {
                let r = a + (s &* n &+ i) &* gh
                if g.cell == .lstm {
                    for k in 0..<gh { r[k] += bi[k] + bh[k] }
                } else {
                    for k in 0..<gh { r[k] += bi[k] }
                }
            }
        }
        let hidden = Tensor(zeros: [(l + 1) * n, h])
        let memory = Tensor(zeros: g.cell == .lstm ? [(l + 1) * n, h] : [l * n, h])
        let hs = hidden.storage.base, ms = memory.storage.base, w = wHH.storage.base
        let recurrent = Tensor(uninitializedShape: [n, gh])  // a GRU's W_hh h + b_hh
        let hg = recurrent.storage.base
        for s in 0..<l {
            let before = hs + s &* n &* h, after = hs + (s &+ 1) &* n &* h
            let step = a + s &* n &* gh
            let rows = active[s]
            // Rows past the active ones are padding at this step: their state carries over.
            after.advanced(by: rows &* h).update(from: before.advanced(by: rows &* h), count: (n &- rows) &* h)
            if g.cell == .lstm {
                (ms + (s &+ 1) &* n &* h + rows &* h).update(
                    from: ms + s &* n &* h + rows &* h, count: (n &- rows) &* h)
            }
            guard rows > 0 else { continue }
            switch g.cell {
            case .lstm:
                gemm(before, transposed: false, w, transposed: true, into: step, m: rows, n: gh, k: h, beta: 1)
                let cBefore = ms + s &* n &* h, cAfter = ms + (s &+ 1) &* n &* h
                for b in 0..<rows {
                    let z = step + b &* gh
                    let (hb, ha, cb, ca) = (before + b &* h, after + b &* h, cBefore + b &* h, cAfter + b &* h)
                    if let valid = schedule.valid, !valid[s &* n &+ b] {
                        ha.update(from: hb, count: h)
                        ca.update(from: cb, count: h)
                        continue
                    }
                    for k in 0..<h {
                        let i = logistic(z[k]), f = logistic(z[h &+ k])
                        let c = tanhf(z[2 &* h &+ k]), o = logistic(z[3 &* h &+ k])
                        z[k] = i; z[h &+ k] = f; z[2 &* h &+ k] = c; z[3 &* h &+ k] = o
                        let state = f * cb[k] + i * c
                        ca[k] = state
                        ha[k] = o * tanhf(state)
                    }
                }
            case .gru:
                gemm(before, transposed: false, w, transposed: true, into: hg, m: rows, n: gh, k: h, beta: 0)
                let hn = ms + s &* n &* h
                for b in 0..<rows {
                    let z = step + b &* gh, u = hg + b &* gh
                    let (hb, ha, nb) = (before + b &* h, after + b &* h, hn + b &* h)
                    if let valid = schedule.valid, !valid[s &* n &+ b] {
                        ha.update(from: hb, count: h)
                        continue
                    }
                    for k in 0..<h {
                        let r = logistic(z[k] + u[k] + bh[k])
                        let update = logistic(z[h &+ k] + u[h &+ k] + bh[h &+ k])
                        let linear = u[2 &* h &+ k] + bh[2 &* h &+ k]
                        let new = tanhf(z[2 &* h &+ k] + r * linear)
                        z[k] = r; z[h &+ k] = update; z[2 &* h &+ k] = new
                        nb[k] = linear
                        ha[k] = (1 - update) * new + update * hb[k]
                    }
                }
            }
        }
        // The output: each position's state (zeros at padding), or the final state.
        let out = output.storage.base
        let (width, offset) = (g.outputWidth, g.outputOffset)
        if g.sequences {
            for s in 0..<l {
                let t = g.position(s)
                for i in 0..<n {
                    let target = out + ((order[i] &* l &+ t) &* width &+ offset)
                    if schedule.isToken(s, i, batch: n) {
                        target.update(from: hs + ((s &+ 1) &* n &+ i) &* h, count: h)
                    } else {
                        target.update(repeating: 0, count: h)
                    }
                }
            }
        } else {
            for i in 0..<n {
                (out + (order[i] &* width &+ offset)).update(from: hs + (l &* n &+ i) &* h, count: h)
            }
        }
        return RecurrentTrace(
            geometry: g, input: input, gates: gates, hidden: hidden, memory: memory, schedule: schedule)
    }

    /// The gradients of one direction's input [N, L, D] (added into `inputGradient`) and
    /// of its weights (W_ih, W_hh, b_ih, b_hh), from the gradient of the whole output.
    static func recurrentBackward(
        _ gradient: Tensor, trace: RecurrentTrace, weights: [Tensor], inputGradient: inout Tensor
    ) -> [Tensor] {
        let g = trace.geometry
        let (n, l, d, h) = (g.batch, g.length, g.features, g.units)
        let gh = g.cell.gates * h
        let (width, offset) = (g.outputWidth, g.outputOffset)
        let go = gradient.storage.base
        let gates = trace.gates.storage.base, hs = trace.hidden.storage.base, ms = trace.memory.storage.base
        let wHH = weights[1].storage.base
        // The gradients of the gates' pre-activations by step: through the input
        // projection (dInput) and, for a GRU whose new gate scales W_hn h by r, through
        // the hidden projection (dHidden; an LSTM's is the same as dInput).
        let dInput = Tensor(zeros: [l * n, gh])
        let dHidden = g.cell == .gru ? Tensor(zeros: [l * n, gh]) : dInput
        let da = dInput.storage.base, dz = dHidden.storage.base
        let dh = Tensor(zeros: [n, h]), dc = Tensor(zeros: [n, h])
        let dhp = dh.storage.base, dcp = dc.storage.base
        let schedule = trace.schedule
        let (order, active) = (schedule.order, schedule.active)
        if !g.sequences {
            for i in 0..<n { (dhp + i &* h).update(from: go + (order[i] &* width &+ offset), count: h) }
        }
        for s in stride(from: l - 1, through: 0, by: -1) {
            let t = g.position(s)
            for b in 0..<active[s] {
                let dhb = dhp + b &* h
                // Padding outputs zeros, constants whose gradient goes nowhere; at padding
                // the state passes through unchanged, and so do its gradients.
                guard schedule.isToken(s, b, batch: n) else { continue }
                if g.sequences {
                    let from = go + ((order[b] &* l &+ t) &* width &+ offset)
                    for k in 0..<h { dhb[k] += from[k] }
                }
                let z = gates + (s &* n &+ b) &* gh, dzi = da + (s &* n &+ b) &* gh
                let hb = hs + (s &* n &+ b) &* h
                switch g.cell {
                case .lstm:
                    let dcb = dcp + b &* h
                    let cb = ms + (s &* n &+ b) &* h, ca = ms + ((s &+ 1) &* n &+ b) &* h
                    for k in 0..<h {
                        let i = z[k], f = z[h &+ k], c = z[2 &* h &+ k], o = z[3 &* h &+ k]
                        let tc = tanhf(ca[k])
                        let dState = dcb[k] + dhb[k] * o * (1 - tc * tc)
                        dzi[k] = dState * c * i * (1 - i)
                        dzi[h &+ k] = dState * cb[k] * f * (1 - f)
                        dzi[2 &* h &+ k] = dState * i * (1 - c * c)
                        dzi[3 &* h &+ k] = dhb[k] * tc * o * (1 - o)
                        dcb[k] = dState * f
                        dhb[k] = 0  // the rest flows through W_hh below
                    }
                case .gru:
                    let dzh = dz + (s &* n &+ b) &* gh, linear = ms + (s &* n &+ b) &* h
                    for k in 0..<h {
                        let r = z[k], update = z[h &+ k], new = z[2 &* h &+ k]
                        let dNew = dhb[k] * (1 - update) * (1 - new * new)
                        let dUpdate = dhb[k] * (hb[k] - new) * update * (1 - update)
                        let dReset = dNew * linear[k] * r * (1 - r)
                        dzi[k] = dReset; dzi[h &+ k] = dUpdate; dzi[2 &* h &+ k] = dNew
                        dzh[k] = dReset; dzh[h &+ k] = dUpdate; dzh[2 &* h &+ k] = dNew * r
                        dhb[k] *= update
                    }
                }
            }
            // dh_{s-1} += dZ_s W_hh (rows at padding have zero dZ and keep their dh).
            if active[s] > 0 {
                gemm(
                    dz + s &* n &* gh, transposed: false, wHH, transposed: false, into: dhp, m: active[s], n: h,
                    k: gh, beta: 1)
            }
        }
        // The weights' and the input's gradients: over all steps at once without padding,
        // else step by step over the active rows (the others' gradients are zero).
        let dWIH = Tensor(zeros: [gh, d]), dWHH = Tensor(zeros: [gh, h])
        let dxs = Tensor(zeros: [l * n, d])
        let (xs, wIH) = (trace.input.storage.base, weights[0].storage.base)
        let spans = schedule.isFull ? [(0, l * n)] : (0..<l).map { ($0 &* n, active[$0]) }
        for (start, rows) in spans where rows > 0 {
            gemm(
                da + start &* gh, transposed: true, xs + start &* d, transposed: false, into: dWIH.storage.base,
                m: gh, n: d, k: rows, beta: 1)
            gemm(
                dz + start &* gh, transposed: true, hs + start &* h, transposed: false, into: dWHH.storage.base,
                m: gh, n: h, k: rows, beta: 1)
            gemm(
                da + start &* gh, transposed: false, wIH, transposed: false, into: dxs.storage.base + start &* d,
                m: rows, n: d, k: gh, beta: 0)
        }
        let dBIH = Tensor(zeros: [gh]), dBHH = Tensor(zeros: [gh])
        let (bi, bh) = (dBIH.storage.base, dBHH.storage.base)
        for s in 0..<l {
            for i in 0..<active[s] {
                let (ri, rh) = (da + (s &* n &+ i) &* gh, dz + (s &* n &+ i) &* gh)
                for k in 0..<gh {
                    bi[k] += ri[k]
                    bh[k] += rh[k]
                }
            }
        }
        // The input's gradient back to [N, L, D].
        inputGradient.makeUnique()
        let dx = inputGradient.storage.base, from = dxs.storage.base
        for s in 0..<l {
            let t = g.position(s)
            for i in 0..<active[s] {
                let (target, source) = (dx + (order[i] &* l &+ t) &* d, from + (s &* n &+ i) &* d)
                for k in 0..<d { target[k] += source[k] }
            }
        }
        return [dWIH, dWHH, dBIH, dBHH]
    }
}

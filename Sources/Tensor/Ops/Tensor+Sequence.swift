// Token sequences: an embedding table looked up by id, and pooling over a sequence's
// positions that leaves padding out. Samples are [length, features] (channels last, as
// Keras' Embedding and Conv1D and PyTorch's batch_first LSTM read them); a batch is
// [N, length, features]. Ids arrive as Float32 features (`vectorize` writes them so).

extension Tensor {
    /// The id of padding: masked out of pooling.
    public static let paddingID = 0
    /// Where an id outside the table reads from: the unknown token.
    public static let unknownID = 1

    /// The table row an id reads: itself when in range, else the unknown token's.
    @inline(__always)
    static func tableRow(_ id: Float, rows: Int) -> Int {
        let index = Int(exactly: id.rounded()) ?? -1
        return index >= 0 && index < rows ? index : Swift.min(unknownID, rows - 1)
    }

    /// 1 where an id is a token, 0 where it pads: [N, L] from ids [N, L].
    public static func sequenceMask(ids: Tensor) -> Tensor {
        var mask = Tensor(zeros: ids.shape)
        ids.withUnsafeBufferPointer { source in
            mask.withUnsafeMutableBufferPointer { out in
                for i in 0..<source.count where source[i].rounded() != Float(paddingID) { out[i] = 1 }
            }
        }
        return mask
    }

    /// Rows of `table` [V, D] for ids [N, L]: [N, L, D].
    static func embeddingForward(ids: Tensor, table: Tensor) -> Tensor {
        let (rows, width) = (table.shape[0], table.shape[1])
        var output = Tensor(zeros: ids.shape + [width])
        ids.withUnsafeBufferPointer { ids in
            table.withUnsafeBufferPointer { table in
                output.withUnsafeMutableBufferPointer { out in
                    for position in 0..<ids.count {
                        let row = tableRow(ids[position], rows: rows) * width
                        let to = position * width
                        for k in 0..<width { out[to + k] = table[row + k] }
                    }
                }
            }
        }
        return output
    }

    /// The table's gradient: each position's gradient added into the row its id read.
    static func embeddingBackward(_ gradient: Tensor, ids: Tensor, tableShape: [Int]) -> Tensor {
        let (rows, width) = (tableShape[0], tableShape[1])
        var result = Tensor(zeros: tableShape)
        ids.withUnsafeBufferPointer { ids in
            gradient.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { out in
                    for position in 0..<ids.count {
                        let row = tableRow(ids[position], rows: rows) * width
                        let from = position * width
                        for k in 0..<width { out[row + k] += g[from + k] }
                    }
                }
            }
        }
        return result
    }

    /// The mean over positions of x [N, L, D], counting only positions the mask [N, L]
    /// keeps (all of them without one): [N, D]. A sequence of padding only gives 0.
    static func maskedMeanForward(_ x: Tensor, mask: Tensor?) -> Tensor {
        let (n, length, width) = (x.shape[0], x.shape[1], x.shape[2])
        var output = Tensor(zeros: [n, width])
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                for sample in 0..<n {
                    var kept = 0
                    for position in 0..<length where keeps(mask, sample * length + position) {
                        kept += 1
                        let from = (sample * length + position) * width
                        for k in 0..<width { out[sample * width + k] += x[from + k] }
                    }
                    if kept > 0 {
                        let scale = 1 / Float(kept)
                        for k in 0..<width { out[sample * width + k] *= scale }
                    }
                }
            }
        }
        return output
    }

    static func maskedMeanBackward(_ gradient: Tensor, mask: Tensor?, inputShape: [Int]) -> Tensor {
        let (n, length, width) = (inputShape[0], inputShape[1], inputShape[2])
        var result = Tensor(zeros: inputShape)
        gradient.withUnsafeBufferPointer { g in
            result.withUnsafeMutableBufferPointer { out in
                for sample in 0..<n {
                    let kept = (0..<length).filter { keeps(mask, sample * length + $0) }
                    guard !kept.isEmpty else { continue }
                    let scale = 1 / Float(kept.count)
                    for position in kept {
                        let to = (sample * length + position) * width
                        for k in 0..<width { out[to + k] = g[sample * width + k] * scale }
                    }
                }
            }
        }
        return result
    }

    /// The maximum over kept positions of x [N, L, D]: [N, D], with the flat input index
    /// each came from (-1 for a sequence of padding only, which gives 0).
    static func maskedMaxForward(_ x: Tensor, mask: Tensor?) -> (output: Tensor, argmax: [Int32]) {
        let (n, length, width) = (x.shape[0], x.shape[1], x.shape[2])
        var output = Tensor(zeros: [n, width])
        var argmax = [Int32](repeating: -1, count: n * width)
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                for sample in 0..<n {
                    for position in 0..<length where keeps(mask, sample * length + position) {
                        let from = (sample * length + position) * width
                        for k in 0..<width {
                            let o = sample * width + k
                            if argmax[o] < 0 || x[from + k] > out[o] {
                                out[o] = x[from + k]
                                argmax[o] = Int32(from + k)
                            }
                        }
                    }
                }
            }
        }
        return (output, argmax)
    }

    static func maskedMaxBackward(_ gradient: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        var result = Tensor(zeros: inputShape)
        gradient.withUnsafeBufferPointer { g in
            result.withUnsafeMutableBufferPointer { out in
                for o in 0..<argmax.count where argmax[o] >= 0 { out[Int(argmax[o])] += g[o] }
            }
        }
        return result
    }

    @inline(__always)
    private static func keeps(_ mask: Tensor?, _ index: Int) -> Bool {
        guard let mask else { return true }
        return mask.storage.base[index] != 0
    }
}

import Tensor

/// Copies samples into contiguous batches.
enum Batching {
    /// Rows `from..<from+count` of `features` as a new tensor [count] + sample shape.
    static func rows(of features: Tensor, from start: Int, count: Int, sampleSize: Int) -> Tensor {
        var batch = Tensor(zeros: [count] + Array(features.shape.dropFirst()))
        features.withUnsafeBufferPointer { src in
            batch.withUnsafeMutableBufferPointer { dst in
                let from = src.baseAddress! + start * sampleSize
                dst.baseAddress!.update(from: from, count: count * sampleSize)
            }
        }
        return batch
    }

    /// Gathers the samples at `indices` into `batch` (which must hold indices.count rows),
    /// reusing its storage when it is not shared.
    static func gather(_ features: Tensor, indices: ArraySlice<Int>, sampleSize: Int, into batch: inout Tensor) {
        features.withUnsafeBufferPointer { src in
            batch.withUnsafeMutableBufferPointer { dst in
                var offset = 0
                for i in indices {
                    (dst.baseAddress! + offset).update(from: src.baseAddress! + i * sampleSize, count: sampleSize)
                    offset += sampleSize
                }
            }
        }
    }
}

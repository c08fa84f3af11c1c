// Tensor: dense Float32 tensors, BLAS-backed ops and reverse-mode autodiff.

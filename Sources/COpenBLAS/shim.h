// The CBLAS declarations only: the library itself is opened at first use (see
// Tensor's OpenBLAS.swift), so its start-up work does not delay every process.
#include <cblas.h>

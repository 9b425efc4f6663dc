#pragma once
// Process-wide settings for the LibTorch tools (train, evaluate, bench_train_step).
//   - intra-op threads = `threads` (OpenMP; the OpenMP OpenBLAS shares the pool).
//   - glibc malloc keeps freed large blocks instead of unmapping them: by default every block
//     above 128 KiB is mmap'ed and returned on free, so each training step page-faults all of
//     its fresh activations in again. Measured at 128^2, batch 32, 2 threads: cnn_l1_none
//     ~580 -> ~1070 samples/s (bench/README.md).
namespace press {

void init_torch_runtime(int threads);

}  // namespace press

#include "press/learn/torch_runtime.hpp"

#include <malloc.h>

#include <torch/torch.h>

namespace press {

void init_torch_runtime(int threads) {
  // Serve every block from the heap (no per-block mmap) and never trim it: a step's freed
  // activations, im2col buffers (~50 MB at 128^2, batch 32) included, are reused by the next.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
  torch::set_num_threads(threads);
}

}  // namespace press

#pragma once
// Sample-by-sample agreement of two shards of the same rows (the compare_solvers target:
// FFTW against cuFFT from the same initial noise).
#include <string>

namespace press {

struct SolverRun {
  std::string shard;   // empty when the backend did not run
  double seconds = 0;  // wall time of the simulate call
  int threads = 0;
  std::string error;   // why it did not run (e.g. no GPU)
};

// Writes `out` (CSV, atomically): one row per id with both statuses, max and mean |du| and |dv|,
// both 5-point residuals (true parameters) and their difference, and each backend's seconds per
// sample. A backend that did not run leaves its columns empty and is named in a leading
// '# ...' line.
void compare_solver_shards(const SolverRun& cpu, const SolverRun& gpu, const std::string& out);

}  // namespace press

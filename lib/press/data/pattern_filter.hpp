#pragma once
// The authors' data filter (NOTES 5; data_generate/create_verified_datasets.py), applied by
// split (split.filter: authors) to the ok samples before the first split.n_samples are taken.
// A sample is dropped as
//   flat    unless std(u) > min_std or std(v) > min_std (population standard deviations), or
//   smooth  if the roughness of u is below min_roughness (smooth, large-blob patterns), with
//           roughness = TV(u) / (std(u) * N^2), TV = the sum of |differences| of neighbours
//           along both axes, not wrapping around (numpy's diff), and roughness 0 when
//           std(u) < 1e-6.
// The flat test comes first, as in the authors' script. Accumulated in float64 (numpy sums the
// float32 arrays in float32, so a value within rounding of a threshold may fall the other way).
#include <cstddef>

namespace press {

struct PatternStats {
  double std_u = 0, std_v = 0, roughness = 0;
};

// u, v: n x n row-major.
PatternStats pattern_stats(const float* u, const float* v, std::size_t n);

enum class FilterVerdict { keep, flat, smooth };

struct PatternFilter {
  double min_std = 0.01, min_roughness = 0.20;
  FilterVerdict operator()(const PatternStats& s) const;
};

}  // namespace press

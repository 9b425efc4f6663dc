#pragma once
// The four PRESS parameters theta = (a, b, c, delta) and their Table 1 sampling box.
#include <array>
#include <cstdint>

namespace press {

class Config;

struct Params {
  double a = 0, b = 0, c = 0, delta = 0;
  std::array<double, 4> array() const { return {a, b, c, delta}; }
};

inline constexpr const char* kParamNames[4] = {"a", "b", "c", "delta"};

struct ParamRanges {
  std::array<double, 4> lo{}, hi{};  // order a, b, c, delta
  static ParamRanges from_config(const Config& cfg);
  // Min-max normalisation to [0,1]^4 with these bounds (PRESS 4.1.2; NOTES 3: the Table 1
  // bounds, fixed, so that models and metrics compare across subsets).
  std::array<double, 4> normalize(const Params& p) const {
    const auto x = p.array();
    std::array<double, 4> y{};
    for (int j = 0; j < 4; ++j) y[j] = (x[j] - lo[j]) / (hi[j] - lo[j]);
    return y;
  }
  Params denormalize(const std::array<double, 4>& y) const {
    double x[4];
    for (int j = 0; j < 4; ++j) x[j] = lo[j] + y[j] * (hi[j] - lo[j]);
    return Params{x[0], x[1], x[2], x[3]};
  }
};

// Candidate `id` of the run keyed by `seed`: uniform in the box. Depends only on (seed, id),
// so any subset or sharding regenerates the same rows (counter-based RNG, see rng.hpp).
Params sample_candidate(const ParamRanges& r, std::uint32_t seed, std::uint64_t id);

// The sample_params stage: candidates id = 0..n-1 (columns id,a,b,c,delta).
struct ParamTable;
ParamTable sample_candidates(const ParamRanges& r, std::uint32_t seed, std::uint64_t n);

}  // namespace press

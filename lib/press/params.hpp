#pragma once
// The four PRESS parameters theta = (a, b, c, delta) and their Table 1 sampling box.
#include <array>
#include <cstdint>

namespace press {

class Config;

struct Params {
  double a = 0, b = 0, c = 0, delta = 0;
};

struct ParamRanges {
  std::array<double, 4> lo{}, hi{};  // order a, b, c, delta
  static ParamRanges from_config(const Config& cfg);
};

// Candidate `id` of the run keyed by `seed`: uniform in the box. Depends only on (seed, id),
// so any subset or sharding regenerates the same rows (counter-based RNG, see rng.hpp).
Params sample_candidate(const ParamRanges& r, std::uint32_t seed, std::uint64_t id);

// The sample_params stage: candidates id = 0..n-1 (columns id,a,b,c,delta).
struct ParamTable;
ParamTable sample_candidates(const ParamRanges& r, std::uint32_t seed, std::uint64_t n);

}  // namespace press

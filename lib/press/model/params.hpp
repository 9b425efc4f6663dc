#pragma once
// A point in a kinetics' parameter space (kinetics.hpp: Gierer-Meinhardt's (a, b, c, delta),
// Schnakenberg's (a, b, d), ...) and the sampling box of its parameters.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace press {

class Config;

// The most parameters any kinetics has (Gierer-Meinhardt: 4).
inline constexpr int kMaxParams = 4;

// Up to kMaxParams values, stored inline (no allocation: the solvers and loops hold many).
class Params {
 public:
  Params() = default;
  Params(std::initializer_list<double> x);
  Params(const double* x, int n);
  int size() const { return n_; }
  double operator[](int j) const { return x_[static_cast<std::size_t>(j)]; }
  double& operator[](int j) { return x_[static_cast<std::size_t>(j)]; }
  const double* begin() const { return x_.data(); }
  const double* end() const { return x_.data() + n_; }
  const double* data() const { return x_.data(); }

 private:
  std::array<double, kMaxParams> x_{};
  int n_ = 0;
};

struct ParamRanges {
  std::vector<std::string> names;  // the kinetics' parameter names, in order
  std::vector<double> lo, hi;
  int size() const { return static_cast<int>(names.size()); }
  // params.<name> for each parameter of model.kinetics; an absent key takes the kinetics'
  // default box (kinetics.hpp).
  static ParamRanges from_config(const Config& cfg);
  // Min-max normalisation to [0,1]^P with these bounds (PRESS 4.1.2; NOTES 3: the Table 1
  // bounds, fixed, so that models and metrics compare across subsets).
  Params normalize(const Params& p) const {
    Params y = p;
    for (int j = 0; j < p.size(); ++j) y[j] = (p[j] - lo[j]) / (hi[j] - lo[j]);
    return y;
  }
  Params denormalize(const Params& y) const {
    Params x = y;
    for (int j = 0; j < y.size(); ++j) x[j] = lo[j] + y[j] * (hi[j] - lo[j]);
    return x;
  }
};

// Candidate `id` of the run keyed by `seed`: uniform in the box. Depends only on (seed, id),
// so any subset or sharding regenerates the same rows (counter-based RNG, see rng.hpp).
Params sample_candidate(const ParamRanges& r, std::uint32_t seed, std::uint64_t id);

// The sample_params stage: candidates id = 0..n-1 (columns id and the parameter names).
struct ParamTable;
ParamTable sample_candidates(const ParamRanges& r, std::uint32_t seed, std::uint64_t n);

}  // namespace press

#pragma once
// Initial conditions (simulate.initial), keyed by (seed, id) so that any shard regenerates them:
//   noise       the homogeneous state (u*, v*) plus N(0, sigma^2) on each field (PRESS §3.2.2,
//               NOTES 2). Noise values 0..cells-1 go to u, cells..2*cells-1 to v.
//   rectangles  the homogeneous state with rectangles set to (u_in, v_in): the NCA paper's
//               Gray-Scott data (NCA.md), whose homogeneous state needs finite perturbations.
//               Sample id takes set id mod the number of configured sets.
//   random_rectangles  the same with 1 to 4 rectangles, sides n/16 to n/4 (at least 1), from the
//               (seed, id) stream: initial conditions never seen in training.
#include <array>
#include <cstdint>
#include <vector>

namespace press {

class Config;

template <typename Real>
void initial_state(std::uint32_t seed, std::uint64_t id, double u_star, double v_star, double sigma,
                   std::int64_t cells, Real* u, Real* v);

using Rect = std::array<int, 4>;  // row0, row1, col0, col1: half-open pixel ranges

struct InitialCondition {
  enum class Kind { noise, rectangles, random_rectangles } kind = Kind::noise;
  std::vector<std::vector<Rect>> sets;  // rectangles: the configured sets
  double u_in = 0, v_in = 1;            // rectangles: (u, v) inside
  double sigma = 1e-3;                  // noise
  // simulate.initial, simulate.rectangles, simulate.rectangle_value, simulate.noise_sigma.
  static InitialCondition from_config(const Config& cfg);
  const char* name() const;
  // The rectangles of sample id on an n x n grid.
  std::vector<Rect> rectangles(std::uint32_t seed, std::uint64_t id, int n) const;
  // Sample id's (u, v), each [n, n], around the homogeneous state (u*, v*).
  template <typename Real>
  void fill(std::uint32_t seed, std::uint64_t id, double u_star, double v_star, int n, Real* u, Real* v) const;
};

}  // namespace press

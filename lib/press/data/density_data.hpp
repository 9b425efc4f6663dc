#pragma once
// Density data with a known answer (issue 24; BINN.md "The code's synthetic data"): the fine
// simulation of u_t = div(D(u) grad u) + G(u) u from the cos^2 bump (sim/density_solver), frames
// evenly spaced on [0, t_max] sampled onto the observed grid (every stride-th fine point: the
// observed points are fine points, so no interpolation), then observation noise
// (data/density_noise) at every level of binn.noise_levels, keyed by the seed alone: every level and law sees the same standard
// normals, scaled (as the BINN code, which seeds each level alike).
#include <string>

#include "press/io/density_io.hpp"
#include "press/model/density_law.hpp"
#include "press/sim/density_solver.hpp"

namespace press {

class Config;
class Log;

struct DensitySetup {
  DensityLaw diffusion, growth;  // the truth
  DensityModel model;            // the fine simulation's grid (its equation: the truth's)
  double amplitude = 1, t_max = 2;
  int observed = 11, frames = 5;
  Dopri5Settings dopri;
  std::vector<double> noise_levels;
  double noise_gamma = 0;
  std::uint32_t seed = 0;
  // binn.* keys, with binn.diffusion.<form>'s coefficients for D; press::Error naming the key
  // when the grids do not nest.
  static DensitySetup from_config(const Config& cfg, LawForm diffusion);
  int stride() const;  // fine points per observed step
};

// Simulates once, samples, and adds each of s.noise_levels' noise; a progress line per frame.
DensityData make_density_data(const DensitySetup& s, const Log& log);

}  // namespace press

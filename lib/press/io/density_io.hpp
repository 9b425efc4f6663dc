#pragma once
// Density data (issue 24; BINN.md): the observed frames of one species u on an m x m grid, as
// binn_data writes them and the equation-discovery tools read them. One HDF5 file:
//   datasets  t [F] (frame times), x [m] (the grid's coordinates, the same on both axes),
//             u_clean [F, m, m] (the truth), noise_levels [L], u [L, F, m, m] (observed: the truth
//             with each level's noise), noise_scale [L] and noise_achieved [L] (the factor on the
//             draws and the mean relative error it reached), float64
//   attributes  every setting that shaped the data: the laws (diffusion_form, diffusion_c0, ...,
//             growth_form, growth_c0, ...), boundary, length, fine_n, amplitude, rtol, atol,
//             noise_gamma, seed, dopri5_steps, dopri5_rejected
// Written whole or not at all (a temporary renamed into place), without object timestamps, so a
// rerun writes the same bytes.
#include <string>
#include <vector>

#include "press/io/shard_io.hpp"
#include "press/model/density_law.hpp"

namespace press {

struct DensityData {
  std::vector<double> t, x, noise_levels, noise_scale, noise_achieved;
  std::vector<double> u_clean;  // [F, m, m] row-major
  std::vector<double> u;        // [L, F, m, m]
  ShardAttrs attrs;
  int m() const { return static_cast<int>(x.size()); }
  std::size_t frames() const { return t.size(); }
  std::size_t values() const { return t.size() * x.size() * x.size(); }  // per level
  // The position of `level` in noise_levels; press::Error naming `what` when absent.
  std::size_t level_index(double level, const std::string& what) const;
  // Level k's observed values, [F, m, m].
  std::vector<double> level(std::size_t k) const {
    const auto at = u.begin() + static_cast<std::ptrdiff_t>(k * values());
    return {at, at + static_cast<std::ptrdiff_t>(values())};
  }
  // The true law `which` ("diffusion" or "growth") from the attributes; press::Error naming the
  // attribute when it is missing.
  DensityLaw law(const std::string& which, const std::string& path) const;
};

void write_density_data(const std::string& path, const DensityData& d);
// press::Error naming the file and the dataset when it is not density data.
DensityData read_density_data(const std::string& path);

}  // namespace press

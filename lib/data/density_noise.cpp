#include "press/data/density_noise.hpp"

#include <algorithm>
#include <cmath>

#include "press/core/error.hpp"
#include "press/core/rng.hpp"

namespace press {

DensityNoise add_density_noise(std::vector<double>& u, double level, double gamma, std::uint32_t seed,
                               std::uint64_t id) {
  DensityNoise r;
  if (level == 0) return r;
  if (!(level > 0 && level <= 1)) fail("noise level {}: expected 0 to 1", level);
  const std::size_t n = u.size();
  std::vector<double> base(n);
  gaussian_noise<double>(seed, Stream::density_noise, id, 1.0, base.data(), n);
  for (std::size_t i = 0; i < n; ++i) base[i] *= std::pow(std::abs(u[i]), gamma);
  constexpr double u_min = 1e-3, tol = 1e-6;
  double mask_count = 0, current = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (std::abs(u[i]) >= u_min) current += std::abs(base[i]) / std::abs(u[i]), ++mask_count;
  if (mask_count == 0) fail("noise level {}: no value reaches {}: expected a density to be noisy relative to", level, u_min);
  current /= mask_count;
  if (current == 0) fail("noise level {}: zero noise (gamma {} on a zero field?)", level, gamma);
  double scale = level / current, err = 0;
  auto relative_error = [&](double sc) {
    double e = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (std::abs(u[i]) >= u_min) e += std::abs(std::max(0.0, u[i] + sc * base[i]) - u[i]) / std::abs(u[i]);
    return e / mask_count;
  };
  int round = 0;
  for (; round < 25; ++round) {
    err = relative_error(scale);
    if (std::abs(err - level) <= tol) break;
    scale *= level / err;
  }
  if (round == 25) fail("noise level {}: the scale did not converge in 25 rounds (reached {})", level, err);
  for (std::size_t i = 0; i < n; ++i) u[i] = std::max(0.0, u[i] + scale * base[i]);
  r.scale = scale;
  r.achieved = err;
  return r;
}

}  // namespace press

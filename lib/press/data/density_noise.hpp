#pragma once
// Observation noise on density data, as the BINN code adds it (BINN.md "Noise"): Gaussian noise
// proportional to |u|^gamma, scaled so that after clipping the noisy values at 0 the mean
// relative error |u' - u| / |u| over the values with |u| >= 1e-3 equals `level` (to 1e-6, by the
// code's multiplicative iteration, at most 25 rounds). The draws are keyed by (seed, id), so
// every level sees the same standard normals, scaled.
#include <cstdint>
#include <vector>

namespace press {

struct DensityNoise {
  double scale = 0;     // the factor on z |u|^gamma that reached the level
  double achieved = 0;  // the mean relative error reached
};

// u' = max(0, u + scale z |u|^gamma); level 0 leaves u unchanged. press::Error when no value
// reaches 1e-3 or the iteration does not converge.
DensityNoise add_density_noise(std::vector<double>& u, double level, double gamma, std::uint32_t seed,
                               std::uint64_t id);

}  // namespace press

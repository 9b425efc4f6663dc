#include "press/core/rng.hpp"

#include "press/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace press {

template <typename T>
void gaussian_noise(std::uint32_t seed, Stream stream, std::uint64_t id, double sigma, T* out, std::uint64_t n) {
  const CounterRng rng(seed, stream, id);
  const double two_pi = 2.0 * M_PI;
  for (std::uint64_t i = 0; i < n; i += 2) {
    const auto w = rng.block(i / 2);
    const double u1 = CounterRng::uniform(w[0], w[1]);
    const double u2 = CounterRng::uniform(w[2], w[3]);
    const double r = sigma * std::sqrt(-2.0 * std::log(u1));
    out[i] = static_cast<T>(r * std::cos(two_pi * u2));
    if (i + 1 < n) out[i + 1] = static_cast<T>(r * std::sin(two_pi * u2));
  }
}

template void gaussian_noise<float>(std::uint32_t, Stream, std::uint64_t, double, float*, std::uint64_t);
template void gaussian_noise<double>(std::uint32_t, Stream, std::uint64_t, double, double*, std::uint64_t);

void check_noise_level(const std::string& what, double level) {
  if (!(level >= 0 && level <= kMaxNoiseLevel))
    fail("{}: value {}: expected a noise level from 0 to {:g} (sigma = level x the pattern's max - min)", what, level,
         kMaxNoiseLevel);
}

void add_observation_noise(std::uint32_t seed, Stream stream, std::uint64_t id, double level, float* field,
                           std::uint64_t n) {
  if (level == 0 || n == 0) return;
  const auto [lo, hi] = std::minmax_element(field, field + n);
  std::vector<double> z(n);
  gaussian_noise<double>(seed, stream, id, level * (static_cast<double>(*hi) - *lo), z.data(), n);
  for (std::uint64_t i = 0; i < n; ++i) field[i] = static_cast<float>(field[i] + z[i]);
}

std::vector<std::size_t> keyed_order(std::uint32_t seed, Stream stream, std::uint64_t block,
                                     const std::vector<std::uint64_t>& keys) {
  std::vector<std::pair<std::uint64_t, std::size_t>> k(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto r = CounterRng(seed, stream, keys[i]).block(block);
    k[i] = {(static_cast<std::uint64_t>(r[0]) << 32) | r[1], i};
  }
  std::sort(k.begin(), k.end());
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = k[i].second;
  return order;
}

}  // namespace press

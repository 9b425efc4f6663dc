#include "press/metrics/pattern_stats.hpp"

#include <cmath>
#include <numeric>

#include "press/sim/fftw_plan.hpp"

namespace press {

double peak_wavelength(const double* x, int n, double dx) {
  const FftwPlan<double> plan(n, "estimate", "");
  const std::size_t cells = plan.cells();
  auto r = fft_alloc<double>(cells);
  auto c = fft_alloc<fftw_complex>(plan.modes());
  const double mean = std::accumulate(x, x + cells, 0.0) / static_cast<double>(cells);
  for (std::size_t i = 0; i < cells; ++i) r[i] = x[i] - mean;
  plan.forward(r.get(), c.get());
  const int half = n / 2, w = n / 2 + 1;
  std::vector<double> power(static_cast<std::size_t>(half + 1), 0.0), modes(power.size(), 0.0);
  for (int a = 0; a < n; ++a) {
    const int ka = a <= half ? a : a - n;
    for (int b = 0; b < w; ++b) {
      const int shell = static_cast<int>(std::lround(std::sqrt(static_cast<double>(ka * ka + b * b))));
      if (shell < 1 || shell > half) continue;
      // The r2c half spectrum holds b and -b (for 0 < b < n/2) once: weight 2.
      const double weight = (b == 0 || 2 * b == n) ? 1.0 : 2.0;
      const auto& z = c[static_cast<std::size_t>(a) * w + static_cast<std::size_t>(b)];
      power[static_cast<std::size_t>(shell)] += weight * (z[0] * z[0] + z[1] * z[1]);
      modes[static_cast<std::size_t>(shell)] += weight;
    }
  }
  int best = 1;
  for (int m = 1; m <= half; ++m)
    if (power[static_cast<std::size_t>(m)] / modes[static_cast<std::size_t>(m)] >
        power[static_cast<std::size_t>(best)] / modes[static_cast<std::size_t>(best)])
      best = m;
  return n * dx / best;
}

int count_components(const double* x, int n, double threshold) {
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  std::vector<int> label(cells, -1);
  std::vector<std::size_t> stack;
  int count = 0;
  for (std::size_t s = 0; s < cells; ++s) {
    if (!(x[s] > threshold) || label[s] >= 0) continue;
    label[s] = count;
    stack.push_back(s);
    while (!stack.empty()) {
      const std::size_t p = stack.back();
      stack.pop_back();
      const int i = static_cast<int>(p / n), j = static_cast<int>(p % n);
      const int nb[4][2] = {{(i + 1) % n, j}, {(i + n - 1) % n, j}, {i, (j + 1) % n}, {i, (j + n - 1) % n}};
      for (const auto& q : nb) {
        const std::size_t k = static_cast<std::size_t>(q[0]) * n + static_cast<std::size_t>(q[1]);
        if (x[k] > threshold && label[k] < 0) label[k] = count, stack.push_back(k);
      }
    }
    ++count;
  }
  return count;
}

}  // namespace press

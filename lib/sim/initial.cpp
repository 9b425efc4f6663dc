#include "press/sim/initial.hpp"

#include <algorithm>

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/rng.hpp"

namespace press {

template <typename Real>
void initial_state(std::uint32_t seed, std::uint64_t id, double u_star, double v_star, double sigma,
                   std::int64_t cells, Real* u, Real* v) {
  std::vector<double> noise(static_cast<std::size_t>(2 * cells));
  gaussian_noise<double>(seed, Stream::initial_noise, id, sigma, noise.data(), noise.size());
  for (std::int64_t i = 0; i < cells; ++i) {
    u[i] = static_cast<Real>(u_star + noise[i]);
    v[i] = static_cast<Real>(v_star + noise[cells + i]);
  }
}
template void initial_state<float>(std::uint32_t, std::uint64_t, double, double, double, std::int64_t, float*, float*);
template void initial_state<double>(std::uint32_t, std::uint64_t, double, double, double, std::int64_t, double*, double*);

InitialCondition InitialCondition::from_config(const Config& cfg) {
  InitialCondition ic;
  const std::string kind = cfg.get<std::string>("simulate.initial");
  ic.kind = kind == "rectangles" ? Kind::rectangles : kind == "random_rectangles" ? Kind::random_rectangles : Kind::noise;
  ic.sigma = cfg.get<double>("simulate.noise_sigma");
  if (ic.kind == Kind::noise) return ic;
  if (ic.kind == Kind::rectangles)
    for (const auto& set : cfg.get<std::vector<std::vector<std::vector<int>>>>("simulate.rectangles")) {
    std::vector<Rect> rs;
    for (const auto& r : set) rs.push_back({r[0], r[1], r[2], r[3]});
    ic.sets.push_back(std::move(rs));
  }
  const auto in = cfg.get<std::vector<double>>("simulate.rectangle_value");
  ic.u_in = in[0];
  ic.v_in = in[1];
  return ic;
}

const char* InitialCondition::name() const {
  return kind == Kind::noise ? "noise" : kind == Kind::rectangles ? "rectangles" : "random_rectangles";
}

std::vector<Rect> InitialCondition::rectangles(std::uint32_t seed, std::uint64_t id, int n) const {
  if (kind == Kind::rectangles) {
    if (sets.empty()) fail("simulate.rectangles: no sets: expected at least one with simulate.initial rectangles");
    return sets[id % sets.size()];
  }
  const CounterRng rng(seed, Stream::initial_rectangles, id);
  const int lo = std::max(1, n / 16), hi = std::max(lo, n / 4);
  auto pick = [](double x, int a, int b) { return a + std::min(b - a, static_cast<int>(x * (b - a + 1))); };
  const auto w0 = rng.block(0);
  const int count = pick(CounterRng::uniform(w0[0], w0[1]), 1, 4);
  std::vector<Rect> rs;
  for (int r = 0; r < count; ++r) {
    const auto a = rng.block(static_cast<std::uint64_t>(2 * r + 1)), b = rng.block(static_cast<std::uint64_t>(2 * r + 2));
    const int h = pick(CounterRng::uniform(a[0], a[1]), lo, hi), w = pick(CounterRng::uniform(a[2], a[3]), lo, hi);
    const int r0 = pick(CounterRng::uniform(b[0], b[1]), 0, n - h), c0 = pick(CounterRng::uniform(b[2], b[3]), 0, n - w);
    rs.push_back({r0, r0 + h, c0, c0 + w});
  }
  return rs;
}

template <typename Real>
void InitialCondition::fill(std::uint32_t seed, std::uint64_t id, double u_star, double v_star, int n, Real* u,
                            Real* v) const {
  const std::int64_t cells = static_cast<std::int64_t>(n) * n;
  if (kind == Kind::noise) return initial_state(seed, id, u_star, v_star, sigma, cells, u, v);
  std::fill(u, u + cells, static_cast<Real>(u_star));
  std::fill(v, v + cells, static_cast<Real>(v_star));
  for (const Rect& r : rectangles(seed, id, n)) {
    if (!(0 <= r[0] && r[0] < r[1] && r[1] <= n && 0 <= r[2] && r[2] < r[3] && r[3] <= n))
      fail("simulate.rectangles: rectangle [{}, {}, {}, {}]: expected 0 <= row0 < row1 <= {} and 0 <= col0 < col1 <= {}",
           r[0], r[1], r[2], r[3], n, n);
    for (int i = r[0]; i < r[1]; ++i)
      for (int j = r[2]; j < r[3]; ++j) {
        u[static_cast<std::int64_t>(i) * n + j] = static_cast<Real>(u_in);
        v[static_cast<std::int64_t>(i) * n + j] = static_cast<Real>(v_in);
      }
  }
}
template void InitialCondition::fill<float>(std::uint32_t, std::uint64_t, double, double, int, float*, float*) const;
template void InitialCondition::fill<double>(std::uint32_t, std::uint64_t, double, double, int, double*, double*) const;

}  // namespace press

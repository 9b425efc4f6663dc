// Counter-based sampling: rows depend only on (seed, id); moments match the distributions.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "press/model/param_table.hpp"
#include "press/model/params.hpp"
#include "press/core/rng.hpp"

using namespace press;

namespace {
ParamRanges table1() {
  ParamRanges r;
  r.names = {"a", "b", "c", "delta"};
  r.lo = {0.01, 0.4, 0.02, 20.0};
  r.hi = {0.7, 2.0, 7.0, 200.0};
  return r;
}
}  // namespace

TEST_CASE("a candidate depends only on (seed, id)") {
  const auto r = table1();
  const auto all = sample_candidates(r, 42, 1000);
  for (std::uint64_t id : {0ull, 1ull, 517ull, 999ull}) {
    const Params p = sample_candidate(r, 42, id);
    CHECK(p[0] == all.rows[id].p[0]);
    CHECK(p[3] == all.rows[id].p[3]);
  }
  CHECK(sample_candidate(r, 43, 5)[0] != sample_candidate(r, 42, 5)[0]);
  // A larger draw extends, never changes, a smaller one.
  const auto more = sample_candidates(r, 42, 2000);
  CHECK(more.rows[999].p[2] == all.rows[999].p[2]);
}

TEST_CASE("candidates are uniform in the Table 1 box") {
  const auto r = table1();
  const int n = 200000;
  double sum[4] = {0, 0, 0, 0}, sq[4] = {0, 0, 0, 0};
  for (int id = 0; id < n; ++id) {
    const Params p = sample_candidate(r, 3, static_cast<std::uint64_t>(id));
    const double x[4] = {p[0], p[1], p[2], p[3]};
    for (int j = 0; j < 4; ++j) {
      const double t = (x[j] - r.lo[j]) / (r.hi[j] - r.lo[j]);
      REQUIRE(t > 0);
      REQUIRE(t < 1);
      sum[j] += t;
      sq[j] += t * t;
    }
  }
  for (int j = 0; j < 4; ++j) {
    const double mean = sum[j] / n, var = sq[j] / n - mean * mean;
    CHECK(std::fabs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n));  // 5 standard errors
    CHECK(std::fabs(var - 1.0 / 12) < 5 * std::sqrt(1.0 / 180 / n));
  }
}

TEST_CASE("initial noise is N(0, sigma^2), reproducible, and independent across ids") {
  const std::uint64_t n = 1 << 18;
  std::vector<double> x(n), y(n), x2(n);
  gaussian_noise<double>(9, Stream::initial_noise, 1, 1e-3, x.data(), n);
  gaussian_noise<double>(9, Stream::initial_noise, 1, 1e-3, x2.data(), n);
  gaussian_noise<double>(9, Stream::initial_noise, 2, 1e-3, y.data(), n);
  CHECK(x == x2);
  double m = 0, v = 0, c = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    m += x[i];
    v += x[i] * x[i];
    c += x[i] * y[i];
  }
  m /= n;
  v /= n;
  c /= n;
  const double s2 = 1e-6;
  CHECK(std::fabs(m) < 5 * std::sqrt(s2 / n));
  CHECK(std::fabs(v - s2) < 5 * s2 * std::sqrt(2.0 / n));
  CHECK(std::fabs(c) < 5 * s2 / std::sqrt(static_cast<double>(n)));
}

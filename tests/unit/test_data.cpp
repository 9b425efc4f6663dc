// The data stage: the split's invariants and the authors' pattern filter, on hand examples.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "press/data/pattern_filter.hpp"
#include "press/data/split.hpp"

using namespace press;

TEST_CASE("splits: fixed disjoint test set, nested pools, exact 3:1, keyed by (seed, id)") {
  SplitSettings st;
  st.n_samples = 200;
  st.n_test = 40;
  st.pools = {40, 80, 160};
  st.seed = 5;
  std::vector<std::uint64_t> ids;
  for (std::uint64_t i = 0; i < 200; ++i) ids.push_back(3 * i + 1);
  const Splits a = make_splits(ids, st);
  CHECK(a.test.size() == 40);
  const std::set<std::uint64_t> test(a.test.begin(), a.test.end());
  std::set<std::uint64_t> prev_train, prev_val;
  for (const auto& p : a.pools) {
    CHECK(p.train.size() == p.size * 3 / 4);
    CHECK(p.val.size() == p.size / 4);
    std::set<std::uint64_t> tr(p.train.begin(), p.train.end()), va(p.val.begin(), p.val.end());
    for (auto id : tr) CHECK((test.count(id) == 0 && va.count(id) == 0));
    for (auto id : va) CHECK(test.count(id) == 0);
    CHECK(std::includes(tr.begin(), tr.end(), prev_train.begin(), prev_train.end()));  // nested
    CHECK(std::includes(va.begin(), va.end(), prev_val.begin(), prev_val.end()));
    prev_train = tr;
    prev_val = va;
  }
  CHECK(make_splits(ids, st).pools[1].val == a.pools[1].val);  // deterministic
  st.seed = 6;
  CHECK(make_splits(ids, st).test != a.test);  // and keyed by the seed
}

namespace {

// An n x n field u(i, j) = c + A sin(2 pi k j / n): stripes along j, constant along i.
std::vector<float> stripes(std::size_t n, double amplitude, int k, double c = 1.0) {
  std::vector<float> u(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      u[i * n + j] = static_cast<float>(c + amplitude * std::sin(2 * M_PI * k * static_cast<double>(j) / static_cast<double>(n)));
  return u;
}

}  // namespace

TEST_CASE("the authors' filter on stripes whose std and TV are known in closed form") {
  const std::size_t n = 64;
  const PatternFilter rule;  // min_std 0.01, min_roughness 0.2
  // Over whole periods std = A / sqrt(2). With period n / k the samples hit +-A, so the TV of one
  // row (n - 1 differences, no wrap) is 4 k A less the missing last step A sin(2 pi k / n); TV
  // along i is 0. roughness = n TV_row / (std n^2).
  const auto rough = [&](int k) { return std::sqrt(2.0) * (4.0 * k - std::sin(2 * M_PI * k / n)) / n; };
  const auto v = stripes(n, 0.0, 1);  // flat v
  for (int k : {1, 2, 4, 8}) {
    const auto u = stripes(n, 0.5, k);
    const auto st = pattern_stats(u.data(), v.data(), n);
    INFO("k = " << k);
    CHECK(st.std_u == Approx(0.5 / std::sqrt(2.0)).epsilon(1e-6));
    CHECK(st.std_v == Approx(0).margin(1e-12));
    CHECK(st.roughness == Approx(rough(k)).epsilon(1e-5));
  }
  // k = 1: 0.0862 (a large blob: smooth); k = 4: 0.345 (kept).
  CHECK(rule(pattern_stats(stripes(n, 0.5, 1).data(), v.data(), n)) == FilterVerdict::smooth);
  CHECK(rule(pattern_stats(stripes(n, 0.5, 4).data(), v.data(), n)) == FilterVerdict::keep);
  // Flat: std(u) = 0.01 / sqrt(2) and std(v) = 0.
  CHECK(rule(pattern_stats(stripes(n, 0.01, 4).data(), v.data(), n)) == FilterVerdict::flat);
  // ...but a v with std 0.02 / sqrt(2) > 0.01 rescues it; u's roughness does not depend on A.
  CHECK(rule(pattern_stats(stripes(n, 0.01, 4).data(), stripes(n, 0.02, 3).data(), n)) == FilterVerdict::keep);
  // A constant u (std < 1e-6) has roughness 0: smooth when v varies, flat when not.
  const auto c = stripes(n, 0.0, 1, 2.0);
  CHECK(pattern_stats(c.data(), stripes(n, 0.5, 2).data(), n).roughness == 0);
  CHECK(rule(pattern_stats(c.data(), stripes(n, 0.5, 2).data(), n)) == FilterVerdict::smooth);
  CHECK(rule(pattern_stats(c.data(), v.data(), n)) == FilterVerdict::flat);
}

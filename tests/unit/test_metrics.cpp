// The metrics of metrics/metrics (NOTES 5): joint NRMSE, Eq. 13, R^2 and RMSE on hand-worked
// tables, in both scalings; the seed statistics that score a gain over seeds (select/cells,
// report/tabulate).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "press/metrics/metrics.hpp"
#include "press/metrics/pattern_stats.hpp"
#include "press/report/tabulate.hpp"
#include "press/select/cells.hpp"

using namespace press;

TEST_CASE("joint NRMSE, Eq. 13 NRMSE, R^2 and RMSE on a hand-made table (bounds scaling)") {
  ParamRanges r;
  r.names = {"a", "b", "c", "delta"};
  r.lo = {0, 0, 0, 0};
  r.hi = {1, 2, 4, 100};
  // Normalised: truth (0.5, 0.5, 0.5, 0.5) and (0.1, 0.2, 0.3, 0.4); errors (0.3, 0.4, 0, 0) and 0.
  const std::vector<Params> truth = {{0.5, 1.0, 2.0, 50}, {0.1, 0.4, 1.2, 40}};
  const std::vector<Params> pred = {{0.8, 1.8, 2.0, 50}, {0.1, 0.4, 1.2, 40}};
  const auto e = parameter_errors(pred, truth, r);
  CHECK(e.nrmse_eq13 == Approx(0.25));  // (0.5 + 0) / 2
  CHECK(e.distance[0] == Approx(0.5));
  // sqrt((0.09 + 0.16) / 8) / |(0.3, 0.35, 0.4, 0.45)| = 0.1767767 / sqrt(0.575)
  CHECK(e.nrmse_joint == Approx(std::sqrt(0.25 / 8) / std::sqrt(0.575)));
  CHECK(e.nrmse_joint == Approx(0.2331262).epsilon(1e-6));
  CHECK(e.r2_param[0] == Approx(1 - 0.09 / 0.08));   // SS_res 0.09, SS_tot 2 * 0.2^2
  CHECK(e.r2_param[1] == Approx(1 - 0.16 / 0.045));  // SS_res 0.16, SS_tot 2 * 0.15^2
  CHECK(e.r2_param[2] == 1);
  CHECK(e.r2_param[3] == 1);
  CHECK(e.r2 == Approx((-0.125 + (1 - 0.16 / 0.045) + 2) / 4));
  CHECK(e.rmse[0] == Approx(0.3 / std::sqrt(2.0)));
  CHECK(e.rmse[1] == Approx(2 * 0.4 / std::sqrt(2.0)));
  CHECK(e.rmse[2] == 0);
  const auto exact = parameter_errors(truth, truth, r);
  CHECK(exact.nrmse_joint == 0);
  CHECK(exact.nrmse_eq13 == 0);
  CHECK(exact.r2 == 1);
}

TEST_CASE("metrics.scaling split: the evaluated set's own min/max, on a hand example") {
  // Truth at 0, 1/2 and 1 of each parameter's own range; sample 0 predicted 0.1 of the range high.
  const std::vector<Params> truth = {{0.1, 1.0, 2.0, 50}, {0.2, 1.5, 3.0, 100}, {0.3, 2.0, 4.0, 150}};
  std::vector<Params> pred = truth;
  pred[0] = {0.12, 1.1, 2.2, 60};
  ParamRanges box;
  box.names = {"a", "b", "c", "delta"};
  box.lo = {0, 0, 0, 0};
  box.hi = {0.4, 2, 4, 200};
  const ParamRanges own = metric_ranges(MetricScaling::split, box, truth);
  CHECK(own.lo[0] == 0.1);
  CHECK(own.hi[3] == 150);
  CHECK(metric_ranges(MetricScaling::bounds, box, truth).hi[0] == 0.4);
  const auto s = parameter_errors(pred, truth, own);
  CHECK(s.nrmse_eq13 == Approx(0.2 / 3));                        // |(0.1, 0.1, 0.1, 0.1)| / 3
  CHECK(s.nrmse_joint == Approx(std::sqrt(0.04 / 12) / 1.0));    // mean truth (0.5, 0.5, 0.5, 0.5): norm 1
  CHECK(s.r2 == Approx(1 - 0.01 / 0.5));                         // per parameter: SS_tot 0.5, SS_res 0.01
  // The same predictions in the box: errors 0.05 each, mean truth (0.5, 0.75, 0.75, 0.5).
  const auto b = parameter_errors(pred, truth, box);
  CHECK(b.nrmse_eq13 == Approx(0.1 / 3));
  CHECK(b.nrmse_joint == Approx(std::sqrt(0.01 / 12) / std::sqrt(1.625)));
  CHECK(b.r2 == Approx(s.r2));  // R^2 does not depend on the scaling
  CHECK(b.rmse[3] == Approx(s.rmse[3]));
  // A parameter without spread has no range to scale by.
  const std::vector<Params> flat = {{0.1, 1, 2, 50}, {0.1, 2, 3, 60}};
  CHECK_THROWS_WITH(metric_ranges(MetricScaling::split, box, flat), Catch::Contains("a = 0.1 for all"));
}

TEST_CASE("pattern statistics: the peak wavelength of a mode, components on the periodic grid") {
  const int n = 32;
  std::vector<double> x(n * n);
  // cos of (3, 4) cycles across the grid: |k| = 5 cycles, wavelength n dx / 5; plus a weaker (1, 1).
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      x[static_cast<std::size_t>(i * n + j)] =
          std::cos(2 * M_PI * (3.0 * i + 4.0 * j) / n) + 0.3 * std::cos(2 * M_PI * (i + j) / n) + 7;
  CHECK(press::peak_wavelength(x.data(), n, 0.5) == Approx(n * 0.5 / 5));
  // Stripes: 4 cycles of cos along rows, thresholded at 0: 4 stripes, each wrapping around.
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) x[static_cast<std::size_t>(i * n + j)] = std::cos(2 * M_PI * 4.0 * j / n + 0.1);
  CHECK(press::count_components(x.data(), n, 0.0) == 4);
  CHECK(press::peak_wavelength(x.data(), n, 1.0) == Approx(n / 4.0));
  // Three spots, one straddling the corner (four pieces on the torus, one region).
  std::fill(x.begin(), x.end(), 0.0);
  auto spot = [&](int r0, int c0) {
    for (int i = r0; i < r0 + 3; ++i)
      for (int j = c0; j < c0 + 3; ++j) x[static_cast<std::size_t>(((i + n) % n) * n + (j + n) % n)] = 1;
  };
  spot(5, 5);
  spot(20, 12);
  spot(-1, -1);
  CHECK(press::count_components(x.data(), n, 0.5) == 3);
  CHECK(press::count_components(x.data(), n, 1.5) == 0);
}

TEST_CASE("percentile_grid: evenly from the 5th to the 95th percentile (nearest rank)") {
  std::vector<double> v;
  for (int i = 100; i >= 0; --i) v.push_back(i);  // unsorted on purpose
  const auto g = press::percentile_grid(v, 11);
  REQUIRE(g.size() == 11);
  CHECK(g.front() == 5.0);
  CHECK(g.back() == 95.0);
  CHECK(g[5] == Approx(50.0));
}

TEST_CASE("seed statistics: Student-t quantiles, the paired interval and the verdict's four words") {
  // mpmath at 30 digits (the root of betainc(dof/2, 1/2, 0, dof/(dof+t^2))/2 = 0.025); scipy's t.ppf is
  // off by up to 4e-10 relative (its CDF at its own quantile misses 0.975 by 6e-11 at dof 5).
  const std::vector<std::pair<int, double>> q = {{1, 12.706204736174704}, {2, 4.3026527297494637},
                                                 {3, 3.1824463052837095},  {4, 2.7764451051977943},
                                                 {5, 2.5705818356363155}, {9, 2.2621571627982055},
                                                 {30, 2.0422724563012383}, {100, 1.9839715185235523}};
  for (const auto& [dof, t] : q) CHECK(t_quantile_975(dof) == Approx(t).epsilon(1e-12));
  CHECK_THROWS(t_quantile_975(0));
  // Five paired differences; numpy with mpmath's quantile: mean -0.0084, sd 0.00861974477580398,
  // interval mean -/+ 2.7764451051977943 * sd / sqrt(5).
  const Interval iv = mean_interval95({-0.012, -0.004, -0.020, 0.003, -0.009});
  CHECK(iv.mean == Approx(-0.0084).epsilon(1e-12));
  CHECK(iv.sd == Approx(0.00861974477580398).epsilon(1e-12));
  const double half = 2.7764451051977943 * 0.00861974477580398 / std::sqrt(5.0);
  CHECK(iv.lo == Approx(-0.0084 - half).epsilon(1e-12));
  CHECK(iv.hi == Approx(-0.0084 + half).epsilon(1e-12));
  CHECK(std::isnan(mean_interval95({0.1}).lo));
  // Against a published gain of +14.2%:
  CHECK(seed_verdict(5, 20, 14.2) == "reproduced");
  CHECK(seed_verdict(1, 6, 14.2) == "reproduced_sign_only");
  CHECK(seed_verdict(-3, 8, 14.2) == "not_reproduced");
  CHECK(seed_verdict(-9, -2, 14.2) == "not_reproduced");
  CHECK(seed_verdict(-3, 20, 14.2) == "undecided");
  CHECK(seed_verdict(NAN, NAN, 14.2) == "undecided");
  CHECK(seed_verdict(-20, -5, -14.2) == "reproduced");  // a published loss, reproduced
}

#include "press/select/cells.hpp"

#include <algorithm>
#include <tuple>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/learn/arch.hpp"

namespace press {

std::vector<MetricsRow> read_metrics(const std::string& path, const std::vector<std::string>& names) {
  const CsvTable t = read_csv(path);
  auto col = [&](const std::string& name) { return t.column(name); };
  const std::size_t arch = col("arch"), n = col("n"), lambda = col("lambda"), seed = col("seed"), split = col("split"),
                    scaling = col("scaling"), joint = col("nrmse_joint"), eq13 = col("nrmse_eq13"), r2 = col("r2"),
                    residual = col("residual"), fd = col("residual_gt_fd"), sp = col("residual_gt_spectral"),
                    tj = col("nrmse_joint_trivial"), te = col("nrmse_eq13_trivial"), samples = col("samples"),
                    noise = col("noise"), time = col("time");
  std::vector<std::size_t> rmse, r2p;
  for (const auto& name : names) {
    rmse.push_back(col("rmse_" + name));
    r2p.push_back(col("r2_" + name));
  }
  std::vector<MetricsRow> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    MetricsRow m;
    m.file = path;
    const std::string& a = t.rows[r][arch];
    if (a.rfind("fit_", 0) == 0) {
      if (a != "fit_u" && a != "fit_uv" && a != "fit_u_band" && a != "fit_uv_band")
        fail("{}: line {}: column 'arch' value '{}': expected an architecture or fit_u, fit_uv, fit_u_band, "
             "fit_uv_band",
             path, t.lines[r], a);
      m.arch = a;
    } else {
      try {
        m.arch = ArchSpec::parse(a).name();
      } catch (const Error& e) {
        fail("{}: line {}: column 'arch': {}", path, t.lines[r], e.what());
      }
    }
    m.split = t.rows[r][split];
    if (m.split != "test" && m.split != "val")
      fail("{}: line {}: column 'split' value '{}': expected test or val", path, t.lines[r], m.split);
    m.scaling = t.rows[r][scaling];
    if (m.scaling != "bounds" && m.scaling != "split")
      fail("{}: line {}: column 'scaling' value '{}': expected bounds or split", path, t.lines[r], m.scaling);
    m.n = t.integer(r, n, 0, 2147483647);
    m.seed = t.integer(r, seed, 0, 2147483647);
    m.samples = t.integer(r, samples, 1, 2147483647);
    m.lambda = t.number(r, lambda);
    m.noise = t.number(r, noise);
    if (m.noise < 0) fail("{}: line {}: column 'noise' value '{}': expected >= 0", path, t.lines[r], m.noise);
    m.time = t.number(r, time);
    if (m.lambda < 0) fail("{}: line {}: column 'lambda' value '{}': expected >= 0", path, t.lines[r], m.lambda);
    m.nrmse_joint = t.number(r, joint);
    m.nrmse_eq13 = t.number(r, eq13);
    m.r2 = t.number(r, r2);
    m.residual = t.number(r, residual);
    m.residual_gt_fd = t.number(r, fd);
    m.residual_gt_spectral = t.number(r, sp);
    m.nrmse_joint_trivial = t.number(r, tj);
    m.nrmse_eq13_trivial = t.number(r, te);
    for (std::size_t j = 0; j < names.size(); ++j) {
      m.rmse.push_back(t.number(r, rmse[j]));
      m.r2_param.push_back(t.number(r, r2p[j]));
    }
    out.push_back(m);
  }
  if (out.empty()) fail("{}: no rows: expected at least one metrics row", path);
  return out;
}

Stat stat(const std::vector<double>& x) {
  Stat s;
  if (x.empty()) return s;
  double sum = 0;
  for (double v : x) sum += v;
  s.mean = sum / static_cast<double>(x.size());
  if (x.size() > 1) {
    double ss = 0;
    for (double v : x) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
  }
  return s;
}

double t_quantile_975(int dof) {
  if (dof < 1) fail("t_quantile_975: {} degrees of freedom: expected >= 1", dof);
  // P(|T| < t) for integer dof: a finite series in cos(theta), theta = atan(t / sqrt(dof)).
  auto central = [dof](double t) {
    const double th = std::atan(t / std::sqrt(static_cast<double>(dof))), c2 = std::cos(th) * std::cos(th);
    double term = 1, sum = 1;
    if (dof % 2 == 0) {
      for (int k = 2; k <= dof - 2; k += 2) sum += term *= c2 * (k - 1) / k;
      return std::sin(th) * sum;
    }
    if (dof == 1) return 2 * th / M_PI;
    for (int k = 3; k <= dof - 2; k += 2) sum += term *= c2 * (k - 1) / k;
    return 2 / M_PI * (th + std::sin(th) * std::cos(th) * sum);
  };
  double lo = 0, hi = 1e3;  // central(1e3) > 0.95 for every dof >= 1
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (central(mid) < 0.95 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Interval mean_interval95(const std::vector<double>& x) {
  const Stat s = stat(x);
  Interval iv{s.mean, s.sd, NAN, NAN};
  if (x.size() < 2) return iv;
  const double half = t_quantile_975(static_cast<int>(x.size()) - 1) * s.sd / std::sqrt(static_cast<double>(x.size()));
  iv.lo = s.mean - half, iv.hi = s.mean + half;
  return iv;
}

double metric_of(const MetricsRow& r, Metric m) {
  switch (m) {
    case kJoint: return r.nrmse_joint;
    case kEq13: return r.nrmse_eq13;
    case kR2: return r.r2;
    default: return r.residual;
  }
}

bool same_lambda(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b)); }

// (arch, n) -> cell, in (arch, n) order.
Cells build_cells(const std::vector<MetricsRow>& rows) {
  using Key = std::tuple<std::string, long, double, long, std::string>;
  std::map<Key, const MetricsRow*> by_key;
  for (const auto& r : rows) {
    const auto [it, fresh] = by_key.emplace(Key{r.arch, r.n, r.lambda, r.seed, r.split}, &r);
    if (!fresh)
      fail("{}: {} n={} lambda={} seed={} split={}: also in {}: expected one metrics row per model and split", r.file,
           r.arch, r.n, r.lambda, r.seed, r.split, it->second->file);
    if (r.scaling != rows.front().scaling)
      fail("{}: column 'scaling' value '{}': expected '{}' as in {} (one metrics.scaling for every model)", r.file,
           r.scaling, rows.front().scaling, rows.front().file);
  }
  Cells cells;
  std::map<std::tuple<std::string, long, double>, std::map<std::string, std::vector<const MetricsRow*>>> groups;
  for (const auto& [k, r] : by_key) groups[{std::get<0>(k), std::get<1>(k), std::get<2>(k)}][r->split].push_back(r);
  for (auto& [k, splits] : groups) {
    const auto& [arch, n, lambda] = k;
    auto seeds_of = [&](const std::string& s) {
      std::vector<long> out;
      for (const auto* r : splits[s]) out.push_back(r->seed);
      return out;
    };
    const auto val_seeds = seeds_of("val"), test_seeds = seeds_of("test");
    if (val_seeds != test_seeds || val_seeds.empty())
      fail("{} n={} lambda={}: val metrics for seeds [{}], test for [{}]: expected both splits for every seed", arch, n,
           lambda, fmt::join(val_seeds, ","), fmt::join(test_seeds, ","));
    LambdaResult lr;
    lr.lambda = lambda;
    lr.seeds = test_seeds;
    std::vector<double> v;
    for (const auto* r : splits["val"]) v.push_back(r->nrmse_joint);
    lr.val = stat(v);
    for (int m = 0; m < kMetrics; ++m) {
      std::vector<double> t;
      for (const auto* r : splits["test"]) t.push_back(metric_of(*r, static_cast<Metric>(m)));
      lr.test[m] = stat(t);
    }
    lr.first_test = splits["test"].front();
    Cell& c = cells[{arch, n}];
    c.arch = arch;
    c.n = n;
    c.lambdas.push_back(lr);  // groups iterate in ascending lambda
  }
  for (auto& [k, c] : cells) {
    if (c.lambdas.front().lambda != 0)
      fail("{} n={}: no lambda = 0 metrics: expected the baseline beside every PRESS run", c.arch, c.n);
    if (c.lambdas.size() < 2) fail("{} n={}: only lambda = 0: expected at least one lambda > 0", c.arch, c.n);
  }
  return cells;
}

}  // namespace press

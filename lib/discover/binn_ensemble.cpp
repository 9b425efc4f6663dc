#include "press/discover/binn_ensemble.hpp"

#include <cmath>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"

namespace press {

namespace {

struct Curve {
  std::vector<double> u, f, weight;
};

Curve read_curve(const std::string& path) {
  const CsvTable t = read_csv(path);
  const std::size_t cu = t.column("u"), cf = t.column("f"), cw = t.column("weight");
  Curve c;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    c.u.push_back(t.number(r, cu));
    c.f.push_back(t.number(r, cf));
    c.weight.push_back(t.number(r, cw));
  }
  return c;
}

// Point-by-point mean and sample sd of the members' f.
void mean_sd(const std::vector<Curve>& cs, std::vector<double>& mean, std::vector<double>& sd) {
  const std::size_t n = cs.front().f.size();
  const double k = static_cast<double>(cs.size());
  mean.assign(n, 0), sd.assign(n, 0);
  for (const auto& c : cs)
    for (std::size_t i = 0; i < n; ++i) mean[i] += c.f[i] / k;
  for (const auto& c : cs)
    for (std::size_t i = 0; i < n; ++i) sd[i] += (c.f[i] - mean[i]) * (c.f[i] - mean[i]) / (k - 1);
  for (double& s : sd) s = std::sqrt(s);
}

}  // namespace

EnsembleCurves ensemble_curves(const std::vector<std::string>& run_dirs) {
  if (run_dirs.size() < 2) fail("ensemble: {} run: expected at least 2 (one seed is its own answer)", run_dirs.size());
  std::vector<Curve> ds, gs;
  for (const auto& dir : run_dirs)
    for (const char* name : {"diffusion.csv", "growth.csv"}) {
      const std::string path = dir + "/" + name;
      Curve c = read_curve(path);
      const auto& first = ds.empty() ? c : ds.front();
      if (c.u.size() != first.u.size())
        fail("{}: {} rows: expected {} as in {}/diffusion.csv (the same data's u grid)", path, c.u.size(),
             first.u.size(), run_dirs.front());
      for (std::size_t i = 0; i < c.u.size(); ++i)
        if (c.u[i] != first.u[i])
          fail("{}: line {}: u {}: expected {} as in {}/diffusion.csv (the same data's u grid)", path, i + 2, c.u[i],
               first.u[i], run_dirs.front());
      (name[0] == 'd' ? ds : gs).push_back(std::move(c));
    }
  EnsembleCurves e;
  e.members = run_dirs.size();
  e.u = ds.front().u;
  e.weight.assign(e.u.size(), 0);
  for (const auto& c : ds)
    for (std::size_t i = 0; i < e.u.size(); ++i) e.weight[i] += c.weight[i] / static_cast<double>(ds.size());
  mean_sd(ds, e.d, e.d_sd);
  mean_sd(gs, e.g, e.g_sd);
  return e;
}

std::string ensemble_csv(const EnsembleCurves& e) {
  CsvWriter w({"u", "weight", "d", "d_sd", "g", "g_sd"});
  for (std::size_t i = 0; i < e.u.size(); ++i)
    w.row({csv_number(e.u[i], 9), csv_number(e.weight[i], 9), csv_number(e.d[i], 9), csv_number(e.d_sd[i], 9),
           csv_number(e.g[i], 9), csv_number(e.g_sd[i], 9)});
  return w.text();
}

}  // namespace press

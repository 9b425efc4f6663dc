#include "press/metrics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "press/core/error.hpp"

namespace press {

MetricScaling metric_scaling_from_string(const std::string& s) {
  if (s == "bounds") return MetricScaling::bounds;
  if (s == "split") return MetricScaling::split;
  fail("metrics.scaling '{}': expected bounds or split", s);
}

const char* to_string(MetricScaling s) { return s == MetricScaling::bounds ? "bounds" : "split"; }

ParamRanges data_ranges(const std::vector<Params>& p, const std::vector<std::string>& names) {
  if (p.empty()) throw std::logic_error("data_ranges: no parameters");
  ParamRanges r;
  r.names = names;
  r.lo.assign(p.front().begin(), p.front().end());
  r.hi = r.lo;
  for (const auto& q : p)
    for (int j = 0; j < q.size(); ++j) {
      r.lo[j] = std::min(r.lo[j], q[j]);
      r.hi[j] = std::max(r.hi[j], q[j]);
    }
  for (int j = 0; j < r.size(); ++j)
    if (!(r.hi[j] > r.lo[j]))
      fail("{} samples with {} = {} for all: expected a spread of values to scale by (metrics.scaling: bounds works "
           "for any set)",
           p.size(), names[static_cast<std::size_t>(j)], r.lo[j]);
  return r;
}

Params mean_params(const std::vector<Params>& p) {
  Params m = p.front();
  for (int j = 0; j < m.size(); ++j) m[j] = 0;
  for (const auto& q : p)
    for (int j = 0; j < m.size(); ++j) m[j] += q[j] / static_cast<double>(p.size());
  return m;
}

ParamRanges metric_ranges(MetricScaling scaling, const ParamRanges& bounds, const std::vector<Params>& truth) {
  return scaling == MetricScaling::bounds ? bounds : data_ranges(truth, bounds.names);
}

ParamErrors parameter_errors(const std::vector<Params>& pred, const std::vector<Params>& truth,
                             const ParamRanges& space) {
  if (pred.size() != truth.size() || pred.empty())
    throw std::logic_error("parameter_errors: expected equal, non-empty prediction and truth lists");
  ParamErrors e;
  const int np = truth.front().size();
  const double m = static_cast<double>(pred.size());
  Params sq = truth.front(), mean = truth.front();
  for (int j = 0; j < np; ++j) sq[j] = mean[j] = 0;
  e.r2_param = e.rmse = sq;
  double sum_dist = 0;
  std::vector<Params> y;
  for (std::size_t i = 0; i < pred.size(); ++i) {
    const Params p = space.normalize(pred[i]), t = space.normalize(truth[i]);
    double d2 = 0;
    for (int j = 0; j < np; ++j) {
      const double d = p[j] - t[j];
      d2 += d * d;
      sq[j] += d * d;
      mean[j] += t[j];
    }
    y.push_back(t);
    e.distance.push_back(std::sqrt(d2));
    sum_dist += e.distance.back();
  }
  double sq_all = 0, norm2 = 0;
  for (int j = 0; j < np; ++j) {
    mean[j] /= m;
    sq_all += sq[j];
    norm2 += mean[j] * mean[j];
  }
  e.nrmse_eq13 = sum_dist / m;
  e.nrmse_joint = std::sqrt(sq_all / (np * m)) / std::sqrt(norm2);
  for (int j = 0; j < np; ++j) {
    double tot = 0;
    for (const auto& t : y) tot += (t[j] - mean[j]) * (t[j] - mean[j]);
    e.r2_param[j] = tot > 0 ? 1 - sq[j] / tot : (sq[j] == 0 ? 1.0 : 0.0);
    e.r2 += e.r2_param[j] / np;
    e.rmse[j] = (space.hi[j] - space.lo[j]) * std::sqrt(sq[j] / m);
  }
  return e;
}

std::string metrics_header(const std::vector<std::string>& names) {
  std::string h = "arch,n,lambda,seed,split,scaling,noise,nrmse_joint,nrmse_eq13,r2";
  for (const char* kind : {"r2_", "rmse_"})
    for (const auto& n : names) h += fmt::format(",{}{}", kind, n);
  return h + ",residual,residual_gt_fd,residual_gt_spectral,nrmse_joint_trivial,nrmse_eq13_trivial,samples,time";
}

std::string metrics_row(const std::string& keys, const std::string& split, MetricScaling scaling, double noise,
                        const ParamErrors& e, double residual, double gt_fd, double gt_spectral,
                        const ParamErrors& trivial, std::size_t samples, const std::string& time) {
  std::string r = fmt::format("{},{},{},{:g},{:.8g},{:.8g},{:.8g}", keys, split, to_string(scaling), noise, e.nrmse_joint,
                              e.nrmse_eq13, e.r2);
  for (const Params* x : {&e.r2_param, &e.rmse})
    for (double v : *x) r += fmt::format(",{:.8g}", v);
  return r + fmt::format(",{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{},{}\n", residual, gt_fd, gt_spectral, trivial.nrmse_joint,
                         trivial.nrmse_eq13, samples, time);
}

std::string predictions_path(const std::string& metrics_path) {
  const auto dot = metrics_path.rfind(".csv");
  return (dot == std::string::npos ? metrics_path : metrics_path.substr(0, dot)) + ".predictions.csv";
}

std::vector<double> percentile_grid(std::vector<double> values, int points) {
  std::sort(values.begin(), values.end());
  auto pct = [&](double q) { return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))]; };
  const double lo = pct(0.05), hi = pct(0.95);
  std::vector<double> u;
  for (int i = 0; i < points; ++i) u.push_back(lo + (hi - lo) * i / (points - 1));
  return u;
}

}  // namespace press

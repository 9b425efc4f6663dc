#include "press/report/metrics.hpp"

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

ParamRanges data_ranges(const std::vector<Params>& p) {
  if (p.empty()) throw std::logic_error("data_ranges: no parameters");
  ParamRanges r;
  r.lo = r.hi = p.front().array();
  for (const auto& q : p) {
    const auto x = q.array();
    for (int j = 0; j < 4; ++j) {
      r.lo[j] = std::min(r.lo[j], x[j]);
      r.hi[j] = std::max(r.hi[j], x[j]);
    }
  }
  for (int j = 0; j < 4; ++j)
    if (!(r.hi[j] > r.lo[j]))
      fail("{} samples with {} = {} for all: expected a spread of values to scale by (metrics.scaling: bounds works "
           "for any set)",
           p.size(), kParamNames[j], r.lo[j]);
  return r;
}

ParamRanges metric_ranges(MetricScaling scaling, const ParamRanges& bounds, const std::vector<Params>& truth) {
  return scaling == MetricScaling::bounds ? bounds : data_ranges(truth);
}

ParamErrors parameter_errors(const std::vector<Params>& pred, const std::vector<Params>& truth,
                             const ParamRanges& space) {
  if (pred.size() != truth.size() || pred.empty())
    throw std::logic_error("parameter_errors: expected equal, non-empty prediction and truth lists");
  ParamErrors e;
  const double m = static_cast<double>(pred.size());
  Vec4 sq{}, mean{};
  double sum_dist = 0;
  std::vector<Vec4> y;
  for (std::size_t i = 0; i < pred.size(); ++i) {
    const Vec4 p = space.normalize(pred[i]), t = space.normalize(truth[i]);
    double d2 = 0;
    for (int j = 0; j < 4; ++j) {
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
  for (int j = 0; j < 4; ++j) {
    mean[j] /= m;
    sq_all += sq[j];
    norm2 += mean[j] * mean[j];
  }
  e.nrmse_eq13 = sum_dist / m;
  e.nrmse_joint = std::sqrt(sq_all / (4 * m)) / std::sqrt(norm2);
  for (int j = 0; j < 4; ++j) {
    double tot = 0;
    for (const auto& t : y) tot += (t[j] - mean[j]) * (t[j] - mean[j]);
    e.r2_param[j] = tot > 0 ? 1 - sq[j] / tot : (sq[j] == 0 ? 1.0 : 0.0);
    e.r2 += e.r2_param[j] / 4;
    e.rmse[j] = (space.hi[j] - space.lo[j]) * std::sqrt(sq[j] / m);
  }
  return e;
}

std::string predictions_path(const std::string& metrics_path) {
  const auto dot = metrics_path.rfind(".csv");
  return (dot == std::string::npos ? metrics_path : metrics_path.substr(0, dot)) + ".predictions.csv";
}

}  // namespace press

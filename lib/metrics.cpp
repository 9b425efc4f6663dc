#include "press/metrics.hpp"

#include <cmath>
#include <stdexcept>

namespace press {

ParamErrors parameter_errors(const std::vector<Vec4>& pred, const std::vector<Vec4>& truth, const ParamRanges& r) {
  if (pred.size() != truth.size() || pred.empty())
    throw std::logic_error("parameter_errors: expected equal, non-empty prediction and truth lists");
  ParamErrors e;
  Vec4 sq{};
  double sum = 0;
  for (std::size_t i = 0; i < pred.size(); ++i) {
    double d2 = 0;
    for (int j = 0; j < 4; ++j) {
      const double d = pred[i][j] - truth[i][j];
      d2 += d * d;
      sq[j] += d * d;
    }
    e.distance.push_back(std::sqrt(d2));
    sum += e.distance.back();
  }
  const double n = static_cast<double>(pred.size());
  e.nrmse = sum / n;
  for (int j = 0; j < 4; ++j) e.rmse[j] = (r.hi[j] - r.lo[j]) * std::sqrt(sq[j] / n);
  return e;
}

std::vector<Vec4> mean_predictor(const std::vector<Vec4>& train_targets, std::size_t n) {
  if (train_targets.empty()) throw std::logic_error("mean_predictor: no training targets");
  Vec4 m{};
  for (const auto& t : train_targets)
    for (int j = 0; j < 4; ++j) m[j] += t[j];
  for (int j = 0; j < 4; ++j) m[j] /= static_cast<double>(train_targets.size());
  return std::vector<Vec4>(n, m);
}

std::string predictions_path(const std::string& metrics_path) {
  const auto dot = metrics_path.rfind(".csv");
  return (dot == std::string::npos ? metrics_path : metrics_path.substr(0, dot)) + ".predictions.csv";
}

}  // namespace press

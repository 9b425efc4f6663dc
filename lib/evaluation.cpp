#include "press/evaluation.hpp"

#include <fstream>
#include <numeric>

#include "press/atomic_file.hpp"
#include "press/error.hpp"
#include "press/log.hpp"
#include "press/model_dir.hpp"
#include "press/split.hpp"

namespace press {

double mean(const std::vector<double>& x) {
  return x.empty() ? 0.0 : std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

std::vector<double> residuals(const SampleSet& set, const torch::Tensor& theta, LaplacianKind lap, int batch) {
  torch::NoGradGuard no_grad;
  PhysicsOptions o = set.physics;
  o.laplacian = lap;
  o.mask = ResidualMask::all;
  std::vector<double> out;
  const auto n = static_cast<std::int64_t>(set.size());
  for (std::int64_t i = 0; i < n; i += batch) {
    const std::int64_t j = std::min<std::int64_t>(i + batch, n);
    const auto r = residual_per_sample(set.u.slice(0, i, j).to(torch::kFloat64), set.v.slice(0, i, j).to(torch::kFloat64),
                                       theta.slice(0, i, j).to(torch::kFloat64), o)
                       .contiguous();
    out.insert(out.end(), r.data_ptr<double>(), r.data_ptr<double>() + r.numel());
  }
  return out;
}

Assessment assess(PressNet& net, const SampleSet& set, const ParamRanges& r, int batch, const torch::Device& device) {
  Assessment a;
  const auto pred = predict(net, set.x, batch, device).to(torch::kFloat64).contiguous();
  const double* p = pred.data_ptr<double>();
  std::vector<double> theta;
  for (std::size_t i = 0; i < set.size(); ++i) {
    a.pred.push_back({p[4 * i], p[4 * i + 1], p[4 * i + 2], p[4 * i + 3]});
    const auto th = r.denormalize(a.pred.back()).array();
    theta.insert(theta.end(), th.begin(), th.end());
  }
  a.errors = parameter_errors(a.pred, set.target_vec, r);
  const auto n = static_cast<std::int64_t>(set.size());
  a.residual = residuals(set, torch::from_blob(theta.data(), {n, 4}, torch::kFloat64), LaplacianKind::fd, batch);
  a.mean_residual = mean(a.residual);
  return a;
}

namespace {

// Sum of the 'seconds' column of a training log.
double training_seconds(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("{}: cannot read training log: expected a model directory written by train", path);
  std::string line;
  std::getline(in, line);
  const auto pos = line.rfind(',');
  if (pos == std::string::npos || line.substr(pos + 1) != "seconds")
    fail("{}: line 1: header '{}': expected a last column 'seconds'", path, line);
  double total = 0;
  for (std::size_t lineno = 2; std::getline(in, line); ++lineno) {
    const auto c = line.rfind(',');
    try {
      total += std::stod(line.substr(c + 1));
    } catch (const std::exception&) {
      fail("{}: line {}: seconds '{}': expected a number", path, lineno, line.substr(c + 1));
    }
  }
  return total;
}

}  // namespace

void run_evaluate(const EvaluateRequest& req, const Log& log) {
  const ModelSettings s = ModelSettings::load(req.model_dir);
  std::string list;
  if (req.split == "test") list = split_list_path(req.splits, "test");
  else if (req.split == "val" || req.split == "train") list = split_list_path(req.splits, req.split, s.n);
  else fail("--split '{}': expected test, val or train", req.split);
  const double train_time = training_seconds(log_file(req.model_dir));
  const auto device = resolve_device("auto");
  PressNet net = load_model(req.model_dir, s, device);
  const SampleSet set = load_sample_set(req.data, list, s.inputs, s.ranges);
  if (set.grid != s.grid)
    fail("{}: {}x{} patterns: expected {}x{} as the model {} was trained on", req.data, set.grid, set.grid, s.grid,
         s.grid, req.model_dir);
  log.info("{}: {} {} samples of {}", req.model_dir, set.size(), req.split, req.data);
  const Assessment a = assess(net, set, s.ranges, req.batch, device);
  const auto gt_fd = residuals(set, set.theta, LaplacianKind::fd, req.batch);
  const auto gt_sp = residuals(set, set.theta, LaplacianKind::spectral, req.batch);
  // The trivial predictor: the mean of the model's training targets.
  const std::string train_list = split_list_path(req.splits, "train", s.n);
  const auto train = read_dataset_rows(req.data, read_id_list(train_list), train_list, nullptr, false);
  std::vector<Vec4> train_targets;
  for (const auto& p : train.params) train_targets.push_back(s.ranges.normalize(p));
  const double trivial = parameter_errors(mean_predictor(train_targets, set.size()), set.target_vec, s.ranges).nrmse;

  std::string metrics =
      "arch,n,lambda,seed,split,nrmse,rmse_a,rmse_b,rmse_c,rmse_delta,residual,residual_gt_fd,residual_gt_spectral,"
      "nrmse_trivial,samples,time\n";
  metrics += fmt::format("{},{},{},{},{},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{},{:.1f}\n",
                         s.arch, s.n, s.lambda, s.seed, req.split, a.errors.nrmse, a.errors.rmse[0], a.errors.rmse[1],
                         a.errors.rmse[2], a.errors.rmse[3], a.mean_residual, mean(gt_fd), mean(gt_sp), trivial,
                         set.size(), train_time);
  std::string preds = "id,a,b,c,delta,a_pred,b_pred,c_pred,delta_pred,distance,residual,residual_gt_fd,residual_gt_spectral\n";
  for (std::size_t i = 0; i < set.size(); ++i) {
    const auto t = set.params[i].array();
    const auto p = s.ranges.denormalize(a.pred[i]).array();
    preds += fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}\n",
                         set.id[i], t[0], t[1], t[2], t[3], p[0], p[1], p[2], p[3], a.errors.distance[i],
                         a.residual[i], gt_fd[i], gt_sp[i]);
  }
  write_text_atomic(req.predictions, preds);
  write_text_atomic(req.out, metrics);
  log.info("{} {}: NRMSE {:.4f} (mean predictor {:.4f}), residual {:.4g} (true parameters: 5-point {:.3g}, "
           "spectral {:.3g}) -> {}",
           s.arch, req.split, a.errors.nrmse, trivial, a.mean_residual, mean(gt_fd), mean(gt_sp), req.out);
}

}  // namespace press

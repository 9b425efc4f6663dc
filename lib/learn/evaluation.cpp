#include "press/learn/evaluation.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "press/core/atomic_file.hpp"
#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/core/rng.hpp"
#include "press/core/log.hpp"
#include "press/learn/model_dir.hpp"
#include "press/data/split.hpp"

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

Assessment assess(PressNet& net, const SampleSet& set, MetricScaling scaling, const ParamRanges& bounds, int batch,
                  const torch::Device& device) {
  Assessment a;
  a.pred = predict_params(net, set.x, batch, device);
  std::vector<double> theta;
  for (const auto& p : a.pred) theta.insert(theta.end(), p.begin(), p.end());
  a.errors = parameter_errors(a.pred, set.params, metric_ranges(scaling, bounds, set.params));
  const auto n = static_cast<std::int64_t>(set.size());
  a.residual = residuals(set, torch::from_blob(theta.data(), {n, bounds.size()}, torch::kFloat64), LaplacianKind::fd, batch);
  a.mean_residual = mean(a.residual);
  return a;
}

namespace {

// Sum of the 'seconds' column of a training log.
double training_seconds(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail("{}: cannot read training log: expected a model directory written by train", path);
  const CsvTable t = read_csv(path);
  const std::size_t c = t.column("seconds");
  double total = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) total += t.number(r, c);
  return total;
}

}  // namespace

void run_evaluate(const EvaluateRequest& req, const Log& log) {
  check_noise_level("--noise", req.noise);
  const ModelSettings s = ModelSettings::load(req.model_dir);
  std::string list;
  if (req.split == "test") list = split_list_path(req.splits, "test");
  else if (req.split == "val" || req.split == "train") list = split_list_path(req.splits, req.split, s.n);
  else fail("--split '{}': expected test, val or train", req.split);
  const double train_time = training_seconds(log_file(req.model_dir));
  const auto device = resolve_device("auto");
  PressNet net = load_model(req.model_dir, s, device);
  SampleSet set = load_sample_set(req.data, list, s.inputs, s.ranges);
  add_observation_noise(set, s.inputs, req.noise, req.seed);
  if (set.grid != s.grid)
    fail("{}: {}x{} patterns: expected {}x{} as the model {} was trained on", req.data, set.grid, set.grid, s.grid,
         s.grid, req.model_dir);
  log.info("{}: {} {} samples of {}{}", req.model_dir, set.size(), req.split, req.data,
           req.noise > 0 ? fmt::format(", observation noise {:g} on the network input", req.noise) : "");
  const Assessment a = assess(net, set, req.scaling, s.ranges, req.batch, device);
  const auto gt_fd = residuals(set, set.theta, LaplacianKind::fd, req.batch);
  const auto gt_sp = residuals(set, set.theta, LaplacianKind::spectral, req.batch);
  // The trivial predictor: the mean of the model's training parameters (an affine map of
  // the mean training target, whatever the scaling).
  const std::string train_list = split_list_path(req.splits, "train", s.n);
  const auto train = read_dataset_rows(req.data, read_id_list(train_list), train_list, nullptr, false);
  const ParamErrors trivial = parameter_errors(std::vector<Params>(set.size(), mean_params(train.params)), set.params,
                                               metric_ranges(req.scaling, s.ranges, set.params));
  const ParamErrors& e = a.errors;
  const auto& names = s.ranges.names;
  const std::string metrics =
      metrics_header(names) + "\n" +
      metrics_row(fmt::format("{},{},{},{}", s.arch, s.n, lambda_label(s.lambda), s.seed), req.split, req.scaling, req.noise, e,
                  a.mean_residual, mean(gt_fd), mean(gt_sp), trivial, set.size(), fmt::format("{:.1f}", train_time));
  std::string preds = fmt::format("id,{},{}_pred,distance,residual,residual_gt_fd,residual_gt_spectral\n",
                                  fmt::join(names, ","), fmt::join(names, "_pred,"));
  for (std::size_t i = 0; i < set.size(); ++i) {
    preds += fmt::format("{}", set.id[i]);
    for (double x : set.params[i]) preds += fmt::format(",{:.17g}", x);
    for (double x : a.pred[i]) preds += fmt::format(",{:.9g}", x);
    preds += fmt::format(",{:.9g},{:.9g},{:.9g},{:.9g}\n", a.errors.distance[i], a.residual[i], gt_fd[i], gt_sp[i]);
  }
  write_texts_atomic({{req.predictions, preds}, {req.out, metrics}});  // both or neither
  log.info("{} {} ({} scaling, noise {:g}): joint NRMSE {:.4f} (mean predictor {:.4f}), Eq. 13 NRMSE {:.4f}, R^2 {:.3f}, "
           "residual {:.4g} (true parameters: 5-point {:.3g}, spectral {:.3g}) -> {}",
           s.arch, req.split, to_string(req.scaling), req.noise, e.nrmse_joint, trivial.nrmse_joint, e.nrmse_eq13, e.r2,
           a.mean_residual, mean(gt_fd), mean(gt_sp), req.out);
}

}  // namespace press

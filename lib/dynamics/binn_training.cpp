#include "press/dynamics/binn_training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/dynamics/checkpoint.hpp"
#include "press/dynamics/module_file.hpp"
#include "press/metrics/metrics.hpp"

namespace press {

BinnTrainSettings BinnTrainSettings::from_config(const Config& cfg) {
  BinnTrainSettings s;
  s.spec = BinnSpec::from_config(cfg);
  s.epochs = cfg.get<long>("binn.epochs");
  s.patience = cfg.get<long>("binn.patience");
  s.batch_size = cfg.get<int>("binn.batch_size");
  s.collocation = cfg.get<int>("binn.collocation");
  s.lr = cfg.get<double>("binn.lr");
  s.val_fraction = cfg.get<double>("binn.val_fraction");
  s.progress_seconds = cfg.get<double>("binn.progress_seconds");
  s.checkpoint_seconds = cfg.get<double>("binn.checkpoint_seconds");
  return s;
}

namespace {

// Every data point of one level as rows (x, y, t) and targets u.
std::pair<torch::Tensor, torch::Tensor> points(const DensityData& d, std::size_t level) {
  const long F = static_cast<long>(d.frames()), m = d.m();
  auto xyt = torch::empty({F * m * m, 3}, torch::kFloat64);
  auto u = torch::empty({F * m * m, 1}, torch::kFloat64);
  auto a = xyt.accessor<double, 2>();
  auto b = u.accessor<double, 2>();
  const double* src = d.u.data() + level * d.values();
  long r = 0;
  for (long f = 0; f < F; ++f)
    for (long i = 0; i < m; ++i)
      for (long j = 0; j < m; ++j, ++r) {
        a[r][0] = d.x[static_cast<std::size_t>(i)];
        a[r][1] = d.x[static_cast<std::size_t>(j)];
        a[r][2] = d.t[static_cast<std::size_t>(f)];
        b[r][0] = src[r];
      }
  return {xyt, u};
}

// The settings that shape the result, as settings.yaml lists them (and the checkpoint's fingerprint).
std::string settings_text(const BinnTrainSettings& s) {
  return fmt::format("seed: {}\nd_max: {}\ng_max: {}\nepochs: {}\npatience: {}\nbatch_size: {}\ncollocation: {}\nlr: {}\n"
                     "val_fraction: {}\n",
                     s.seed, s.spec.d_max, s.spec.g_max, s.epochs, s.patience, s.batch_size, s.collocation, s.lr,
                     s.val_fraction);
}

torch::Tensor collocation(long n, double L, double T, torch::Generator& gen) {
  auto p = torch::rand({n, 3}, gen, torch::kFloat64);
  return p * torch::tensor({L, L, T}, torch::kFloat64);
}

std::string curve_csv(const std::vector<double>& u, const std::vector<double>& f, const std::vector<double>& w,
                      const std::vector<double>& truth) {
  std::string csv = "u,f,weight,truth\n";
  for (std::size_t i = 0; i < u.size(); ++i) csv += fmt::format("{:.9g},{:.9g},{:.9g},{:.9g}\n", u[i], f[i], w[i], truth[i]);
  return csv;
}

BinnCurves curves(Binn& net, const std::vector<double>& level_u, const torch::Tensor& train_u, const DensityLaw& d_true,
                  const DensityLaw& g_true) {
  BinnCurves c;
  const std::vector<double> us = percentile_grid(level_u, 200);
  const double lo = us.front(), hi = us.back();
  std::vector<double> hist(20, 0);
  const double* tu = train_u.data_ptr<double>();
  for (long i = 0; i < train_u.numel(); ++i)
    if (tu[i] >= lo && tu[i] <= hi) hist[std::min<std::size_t>(19, static_cast<std::size_t>((tu[i] - lo) / (hi - lo) * 20))] += 1;
  torch::NoGradGuard no_grad;
  auto grid = torch::tensor(us, torch::kFloat64).unsqueeze(1);
  const auto d = (net->spec().d_max * net->dhat(grid)).contiguous(), g = (net->spec().g_max * net->ghat(grid)).contiguous();
  for (long i = 0; i < 200; ++i) {
    const double x = grid[i][0].item<double>();
    c.u.push_back(x);
    c.weight.push_back(hist[std::min<std::size_t>(19, static_cast<std::size_t>((x - lo) / (hi - lo) * 20))]);
    c.d.push_back(d[i][0].item<double>());
    c.g.push_back(g[i][0].item<double>());
    c.d_true.push_back(d_true(x));
    c.g_true.push_back(g_true(x));
  }
  return c;
}

}  // namespace

BinnSummary train_binn(const BinnTrainSettings& s, const DensityData& data, std::size_t level, const std::string& path,
                       const std::string& out_dir, const Log& log) {
  std::filesystem::create_directories(out_dir);
  const DensityLaw d_true = data.law("diffusion", path), g_true = data.law("growth", path);
  const double L = data.x.back(), T = data.t.back();  // the observed box [0, L]^2 x [0, T]
  auto [xyt, u] = points(data, level);
  const long N = xyt.size(0), n_val = std::max(1L, static_cast<long>(std::round(s.val_fraction * static_cast<double>(N))));
  auto split_gen = at::detail::createCPUGenerator(static_cast<std::uint64_t>(s.seed) * 7919ULL + 17);
  const auto order = torch::randperm(N, split_gen, torch::kLong);
  const auto val_idx = order.slice(0, 0, n_val), train_idx = order.slice(0, n_val, N);
  const auto xv = xyt.index_select(0, val_idx), uv = u.index_select(0, val_idx);
  const auto xt = xyt.index_select(0, train_idx), ut = u.index_select(0, train_idx);
  const auto val_colloc = collocation(1000, L, T, split_gen);
  Binn net(s.spec, s.seed);
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(s.lr));
  const long S = xt.size(0);
  BinnSummary sum;
  sum.best_val = std::numeric_limits<double>::infinity();
  std::vector<torch::Tensor> best;
  std::string csv = "epoch,loss,val_loss,seconds\n";
  // A checkpoint resumes only this run: these settings, this level's values (their sum's bits).
  const std::string fingerprint = fmt::format(
      "{}level: {}\npoints: {}\nsum: {:a}\n", settings_text(s), data.noise_levels[level], N, u.sum().item<double>());
  const std::string ckpt = out_dir + "/checkpoint.pt";
  long first = 0;
  if (CheckpointIn c; c.open(ckpt, fingerprint, log)) {
    csv = c.text("csv");
    const torch::Tensor meta = c.tensor("meta");
    const auto saved = c.tensors("param");
    torch::NoGradGuard no_grad;
    auto params = net->parameters();
    for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(saved.at(i));
    best = c.tensors("best");
    c.optimizer("adam", opt);
    first = static_cast<long>(meta[0].item<double>());
    sum.best_epoch = static_cast<long>(meta[1].item<double>());
    sum.best_val = meta[2].item<double>();
    log.info("resuming at epoch {} from {}", first + 1, ckpt);
  }
  const auto t0 = std::chrono::steady_clock::now();
  double last_progress = 0, last_checkpoint = 0;
  log.info("BINN: {} training and {} validation points (noise {}), {} collocation points per step; D = {}, G = {}", S,
           n_val, data.noise_levels[level], s.collocation, d_true.text(), g_true.text());
  for (long e = first; e < s.epochs; ++e) {
    auto gen = at::detail::createCPUGenerator(static_cast<std::uint64_t>(s.seed) * 1000003ULL + static_cast<std::uint64_t>(e));
    const auto perm = torch::randperm(S, gen, torch::kLong);
    double loss_sum = 0;
    long steps = 0;
    for (long b = 0; b < S; b += s.batch_size, ++steps) {
      const auto idx = perm.slice(0, b, std::min(S, b + s.batch_size));
      const auto mse = (net->u(xt.index_select(0, idx)) - ut.index_select(0, idx)).pow(2).mean();
      const auto res = net->residual(collocation(s.collocation, L, T, gen));
      const auto loss = mse + res.r.pow(2).mean() + binn_penalty(s.spec, res);
      opt.zero_grad();
      loss.backward();
      opt.step();
      loss_sum += loss.item<double>();
    }
    const auto vres = net->residual(val_colloc);
    const double val = ((net->u(xv) - uv).pow(2).mean() + vres.r.pow(2).mean()).item<double>();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    csv += fmt::format("{},{:.9g},{:.9g},{:.3f}\n", e, loss_sum / static_cast<double>(steps), val, secs);
    sum.epochs = e + 1;
    if (!std::isfinite(val)) fail("{}: epoch {}: validation loss {}: the BINN diverged (try a smaller binn.lr)", out_dir, e, val);
    if (val < sum.best_val) {
      sum.best_val = val;
      sum.best_epoch = e;
      best.clear();
      for (const auto& p : net->parameters()) best.push_back(p.detach().clone());
    }
    if (secs - last_progress >= s.progress_seconds || e + 1 == s.epochs) {
      last_progress = secs;
      log.info("epoch {}/{}: loss {:.6g}, validation {:.6g} (best {:.6g} at epoch {})", e + 1, s.epochs,
               loss_sum / static_cast<double>(steps), val, sum.best_val, sum.best_epoch + 1);
    }
    if (secs - last_checkpoint >= s.checkpoint_seconds && e + 1 < s.epochs) {
      last_checkpoint = secs;
      CheckpointOut c(fingerprint);
      c.text("csv", csv);
      c.tensor("meta", torch::tensor({static_cast<double>(e + 1), static_cast<double>(sum.best_epoch), sum.best_val},
                                     torch::kFloat64));
      c.tensors("param", net->parameters());
      c.tensors("best", best);
      c.optimizer("adam", opt);
      c.save(ckpt);
    }
    if (e - sum.best_epoch >= s.patience) {
      log.info("epoch {}: no lower validation loss for {} epochs: stopping", e + 1, s.patience);
      break;
    }
  }
  {
    torch::NoGradGuard no_grad;
    auto params = net->parameters();
    for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best[i]);
  }
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sum.curves = curves(net, data.level(level), ut.contiguous(), d_true, g_true);
  const std::string settings = fmt::format("data: {}\nnoise: {}\n{}best_epoch: {}\nbest_val: {:.9g}\n", path,
                                           data.noise_levels[level], settings_text(s), sum.best_epoch, sum.best_val);
  const auto& c = sum.curves;
  write_texts_atomic({{out_dir + "/log.csv", csv},
                      {out_dir + "/settings.yaml", settings},
                      {out_dir + "/diffusion.csv", curve_csv(c.u, c.d, c.weight, c.d_true)},
                      {out_dir + "/growth.csv", curve_csv(c.u, c.g, c.weight, c.g_true)}});
  save_module(*net, out_dir + "/model.pt");  // last: its presence means the run finished
  std::filesystem::remove(ckpt);
  return sum;
}

}  // namespace press

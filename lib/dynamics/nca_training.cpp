#include "press/dynamics/nca_training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/core/rng.hpp"
#include "press/dynamics/checkpoint.hpp"
#include "press/dynamics/module_file.hpp"
#include "press/dynamics/nadam.hpp"
#include "press/io/shard_io.hpp"

namespace press {

NcaTrainSettings NcaTrainSettings::from_config(const Config& cfg) {
  NcaTrainSettings s;
  s.spec = NcaSpec::from_config(cfg);
  s.t = cfg.get<int>("nca.t");
  s.epochs = cfg.get<long>("nca.epochs");
  s.batch_size = cfg.get<int>("nca.batch_size");
  s.lr = cfg.get<double>("nca.lr");
  s.range_weight = cfg.get<double>("nca.range_weight");
  s.noise = cfg.get<double>("nca.noise");
  s.keep_after = cfg.get<double>("nca.keep_after");
  s.seed = static_cast<std::uint32_t>(cfg.get<long>("nca.seed"));
  s.progress_seconds = cfg.get<double>("nca.progress_seconds");
  s.checkpoint_seconds = cfg.get<double>("nca.checkpoint_seconds");
  return s;
}

NcaFrames read_nca_frames(const std::vector<std::string>& shards, int t) {
  NcaFrames d;
  for (const auto& path : shards) {
    ShardAttrs attrs;
    const Shard<float> sh = read_shard<float>(path, &attrs, nullptr, false);
    const auto it = attrs.numbers.find("frame_every");
    const long every = it == attrs.numbers.end() ? 0 : static_cast<long>(it->second);
    if (every <= 0) fail("{}: no frames (attribute frame_every {}): expected a shard simulated with simulate.frame_every > 0", path, every);
    if (t % every != 0) fail("{}: nca.t {}: expected a multiple of the shard's frame_every {}", path, t, every);
    const double dt = attrs.numbers.at("dt");
    for (std::size_t i = 0; i < sh.count(); ++i) {
      if (sh.results[i].status == Status::blowup) continue;
      const Trajectory<float> tr = read_trajectory<float>(path, i);
      const long F = static_cast<long>(tr.frames()), n = tr.n, stride = t / every;
      if (F < 1 + stride) fail("{}: row {}: {} frames: expected at least 2 at nca.t {}", path, i, F, t);
      auto u = torch::from_blob(const_cast<float*>(tr.u.data()), {F, n, n}, torch::kFloat32);
      auto v = torch::from_blob(const_cast<float*>(tr.v.data()), {F, n, n}, torch::kFloat32);
      auto x = torch::stack({u, v}, 1).index({torch::indexing::Slice(0, F, stride)}).clone();  // [F', 2, n, n]
      const double lo = x.min().item<double>(), hi = x.max().item<double>();
      if (!(hi > lo)) fail("{}: row {}: a constant trajectory: expected a pattern to learn", path, i);
      d.frames.push_back((x - lo) / (hi - lo));
      d.lo.push_back(lo);
      d.hi.push_back(hi);
      if (d.n && d.n != n) fail("{}: grid {}: expected every trajectory on the same grid ({})", path, n, d.n);
      d.n = static_cast<int>(n);
      d.frame_dt = dt * t;
      d.horizon = std::max(d.horizon, tr.times[static_cast<std::size_t>((F - 1) / stride * stride)]);
    }
  }
  if (d.frames.empty()) fail("{}: no trajectory to train on", shards.empty() ? std::string("(no shards)") : shards[0]);
  return d;
}

NcaFrames mix_noise(const NcaFrames& d, double xi, std::uint32_t seed) {
  if (!(xi >= 0 && xi <= 1)) fail("nca.noise {}: expected 0 to 1", xi);
  if (xi == 0) return d;
  NcaFrames out = d;
  for (std::size_t j = 0; j < d.frames.size(); ++j) {
    torch::Tensor y = d.frames[j].contiguous().clone();
    float* p = y.data_ptr<float>();
    const CounterRng rng(seed, Stream::nca_data_noise, j);
    for (std::int64_t i = 0; i < y.numel(); i += 2) {
      const auto w = rng.block(static_cast<std::uint64_t>(i / 2));
      p[i] = static_cast<float>((1 - xi) * p[i] + xi * CounterRng::uniform(w[0], w[1]));
      if (i + 1 < y.numel()) p[i + 1] = static_cast<float>((1 - xi) * p[i + 1] + xi * CounterRng::uniform(w[2], w[3]));
    }
    out.frames[j] = y;
  }
  return out;
}

std::pair<torch::Tensor, torch::Tensor> nca_rollout_loss(Nca nca, torch::Tensor& x, const torch::Tensor& y,
                                                         int steps, double range_weight) {
  torch::Tensor range = torch::zeros({}, x.options());
  for (int k = 0; k < steps; ++k) {
    x = nca->step(x);
    range = range + (torch::relu(-x) + torch::relu(x - 1)).sum({1, 2, 3}).mean();
  }
  const int obs = nca->spec().observed;
  const auto diff = x.index({torch::indexing::Slice(), torch::indexing::Slice(0, obs)}) - y;
  const auto fit = at::linalg_vector_norm(diff.flatten(1), 2, {1}, false, c10::nullopt).mean();
  range = range_weight * range / steps;
  return {fit + range, range};
}

std::pair<double, double> nca_train_step(Nca nca, Nadam& opt, torch::Tensor& x, const torch::Tensor& y, int steps,
                                         double range_weight) {
  const auto [loss, range] = nca_rollout_loss(nca, x, y, steps, range_weight);
  opt.zero_grad();
  loss.backward();
  {
    torch::NoGradGuard no_grad;
    for (auto& p : nca->parameters()) p.grad().div_(p.grad().norm() + 1e-8);
  }
  opt.step();
  return {loss.item<double>(), range.item<double>()};
}

namespace {

// The settings that shape the model, as settings.yaml begins.
std::string settings_text(const NcaTrainSettings& s) {
  return fmt::format(
      "channels: {}\nobserved: {}\nkernels: [{}]\nhidden: {}\nfire_rate: {}\ninit_sd: {}\nt: {}\nepochs: {}\n"
      "batch_size: {}\nlr: {}\nrange_weight: {}\nnoise: {}\nkeep_after: {}\nseed: {}\n",
      s.spec.channels, s.spec.observed, fmt::join(s.spec.kernels, ", "), s.spec.hidden_units(), s.spec.fire_rate,
      s.spec.init_sd, s.t, s.epochs, s.batch_size, s.lr, s.range_weight, s.noise, s.keep_after, s.seed);
}

// Inputs of every transition: trajectory j's transition m at row offset[j] + m.
struct SampleStates {
  torch::Tensor x, y;  // [S, C, n, n] inputs, [S, obs, n, n] targets
  std::vector<long> offset, transitions;
};

SampleStates truth_states(const NcaFrames& d, int C) {
  SampleStates s;
  std::vector<torch::Tensor> xs, ys;
  long at = 0;
  for (const auto& f : d.frames) {
    const long T = f.size(0) - 1;
    s.offset.push_back(at);
    s.transitions.push_back(T);
    at += T;
    auto x = torch::zeros({T, C, f.size(2), f.size(3)});
    x.index_put_({torch::indexing::Slice(), torch::indexing::Slice(0, f.size(1))}, f.index({torch::indexing::Slice(0, T)}));
    xs.push_back(x);
    ys.push_back(f.index({torch::indexing::Slice(1, T + 1)}));
  }
  s.x = torch::cat(xs);
  s.y = torch::cat(ys);
  return s;
}

// Everything a resumed run needs to continue bit for bit: the next epoch, the kept model and
// loss, the log so far, the parameters, Nadam's state and the carried states. `fingerprint`
// names the settings and data it belongs to; a checkpoint of other settings is not resumed.
struct Checkpoint {
  std::string path, fingerprint;
  void save(long next_epoch, const NcaTrainSummary& sum, const std::string& csv, const std::vector<torch::Tensor>& params,
            const std::vector<torch::Tensor>& best, const Nadam& opt, const torch::Tensor& states) const {
    CheckpointOut c(fingerprint);
    c.text("csv", csv);
    c.tensor("meta", torch::tensor({static_cast<double>(next_epoch), static_cast<double>(sum.kept_epoch), sum.kept_loss,
                                    static_cast<double>(sum.nca_steps)}, torch::kFloat64));
    c.tensor("states", states);
    c.tensors("param", params);
    c.tensors("best", best);
    c.tensors("nadam", opt.state());
    c.save(path);
  }
  // The next epoch (0 without a checkpoint of these settings), restoring the rest.
  long load(NcaTrainSummary& sum, std::string& csv, std::vector<torch::Tensor>& params, std::vector<torch::Tensor>& best,
            Nadam& opt, torch::Tensor& states, const Log& log) const {
    CheckpointIn c;
    if (!c.open(path, fingerprint, log)) return 0;
    csv = c.text("csv");
    const torch::Tensor meta = c.tensor("meta");
    states.copy_(c.tensor("states"));
    const auto saved = c.tensors("param");
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(saved.at(i));
    best = c.tensors("best");
    opt.load_state(c.tensors("nadam"));
    sum.kept_epoch = static_cast<long>(meta[1].item<double>());
    sum.kept_loss = meta[2].item<double>();
    sum.nca_steps = static_cast<std::int64_t>(meta[3].item<double>());
    const long next = static_cast<long>(meta[0].item<double>());
    log.info("resuming at epoch {} from {}", next + 1, path);
    return next;
  }
};

}  // namespace

NcaTrainSummary train_nca(const NcaTrainSettings& s, const NcaFrames& clean, const std::string& out_dir,
                          const Log& log) {
  std::filesystem::create_directories(out_dir);
  const NcaFrames data = mix_noise(clean, s.noise, s.seed);
  Nca nca(s.spec, s.seed);
  std::vector<torch::Tensor> params = nca->parameters();
  Nadam opt(params, NadamOptions{s.lr});
  const SampleStates truth = truth_states(data, s.spec.channels);
  torch::Tensor states = truth.x.clone();
  const long S = states.size(0);
  std::vector<torch::Tensor> best;
  NcaTrainSummary sum;
  sum.kept_loss = std::numeric_limits<double>::infinity();
  std::string csv = "epoch,loss,range,seconds\n";
  const Checkpoint ckpt{out_dir + "/checkpoint.pt", settings_text(s) + fmt::format("samples: {}\nscale: [{}] [{}]\n", S,
                                                                                fmt::join(data.lo, ", "), fmt::join(data.hi, ", "))};
  const long first = ckpt.load(sum, csv, params, best, opt, states, log);
  const auto t0 = std::chrono::steady_clock::now();
  double last_progress = 0, last_checkpoint = 0;
  log.info("NCA: {} trajectories, {} transitions of {} steps, {}x{}, C {}, kernels {}, {} parameters", data.frames.size(),
           S, s.t, data.n, data.n, s.spec.channels, fmt::join(s.spec.kernels, "+"),
           [&] { long p = 0; for (const auto& q : params) p += q.numel(); return p; }());
  for (long e = first; e < s.epochs; ++e) {
    auto gen = at::detail::createCPUGenerator(static_cast<std::uint64_t>(s.seed) * 1000003ULL + static_cast<std::uint64_t>(e));
    const auto order = torch::randperm(S, gen, torch::kLong);
    torch::Tensor pred = torch::empty_like(states);
    double loss_sum = 0, range_sum = 0;
    for (long b = 0; b < S; b += s.batch_size) {
      const auto idx = order.index({torch::indexing::Slice(b, std::min(S, b + s.batch_size))});
      torch::Tensor x = states.index_select(0, idx);
      const auto [loss, range] = nca_train_step(nca, opt, x, truth.y.index_select(0, idx), s.t, s.range_weight);
      pred.index_copy_(0, idx, x.detach());
      const double w = static_cast<double>(idx.size(0));
      loss_sum += loss * w;
      range_sum += range * w;
    }
    // Carry: trajectory j >= 1 starts transition m + 1 from its prediction of frame m + 1.
    for (std::size_t j = 1; j < truth.offset.size(); ++j) {
      const long o = truth.offset[j], T = truth.transitions[j];
      if (T > 1) states.index_put_({torch::indexing::Slice(o + 1, o + T)}, pred.index({torch::indexing::Slice(o, o + T - 1)}));
    }
    const double loss = loss_sum / static_cast<double>(S), secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    csv += fmt::format("{},{:.9g},{:.9g},{:.3f}\n", e, loss, range_sum / static_cast<double>(S), secs);
    sum.last_loss = loss;
    sum.epochs = e + 1;
    sum.nca_steps += S * s.t;
    if (!std::isfinite(loss)) fail("{}: epoch {}: loss {}: the NCA diverged (try a smaller nca.lr)", out_dir, e, loss);
    if (static_cast<double>(e) >= s.keep_after * static_cast<double>(s.epochs) && loss < sum.kept_loss) {
      sum.kept_loss = loss;
      sum.kept_epoch = e;
      best.clear();
      for (const auto& p : params) best.push_back(p.detach().clone());
    }
    if (secs - last_checkpoint >= s.checkpoint_seconds && e + 1 < s.epochs) {
      last_checkpoint = secs;
      ckpt.save(e + 1, sum, csv, params, best, opt, states);
    }
    if (secs - last_progress >= s.progress_seconds || e + 1 == s.epochs) {
      last_progress = secs;
      log.info("epoch {}/{}: loss {:.6g} (range {:.3g}), kept epoch {} ({:.6g})", e + 1, s.epochs, loss,
               range_sum / static_cast<double>(S), sum.kept_epoch, sum.kept_loss);
    }
  }
  if (best.empty()) fail("{}: no epoch after nca.keep_after {} of {}: expected more epochs", out_dir, s.keep_after, s.epochs);
  {
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best[i]);
  }
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::string settings =
      settings_text(s) + fmt::format("kept_epoch: {}\nkept_loss: {:.9g}\nframe_dt: {}\nhorizon: {}\nscale_lo: [{}]\nscale_hi: [{}]\n",
                                     sum.kept_epoch, sum.kept_loss, data.frame_dt, data.horizon, fmt::join(data.lo, ", "),
                                     fmt::join(data.hi, ", "));
  write_texts_atomic({{out_dir + "/log.csv", csv}, {out_dir + "/settings.yaml", settings}});
  save_module(*nca, out_dir + "/model.pt");  // last: its presence means the run finished
  std::filesystem::remove(ckpt.path);
  return sum;
}

}  // namespace press

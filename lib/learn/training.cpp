#include "press/learn/training.hpp"

#include <sstream>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/learn/evaluation.hpp"
#include "press/learn/fused_adam.hpp"
#include "press/core/log.hpp"
#include "press/learn/lr_schedule.hpp"
#include "press/core/rng.hpp"
#include "press/data/split.hpp"

namespace press {
namespace {

// A dropout seed per epoch, from (seed, epoch) only.
std::uint64_t epoch_seed(std::uint32_t seed, int epoch) {
  const auto r = CounterRng(seed, Stream::shuffle, static_cast<std::uint64_t>(epoch)).block(1);
  return (static_cast<std::uint64_t>(r[0]) << 32) | r[1];
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Resume {
  int epoch = 0;
  std::string log;
  int best_epoch = 0;  // train.keep: best_val; 0 = none yet
  double best_value = INFINITY;
};

void copy_weights(PressNet& to, PressNet& from) {
  torch::NoGradGuard no_grad;
  const auto tp = to->parameters(), fp = from->parameters();
  for (std::size_t i = 0; i < tp.size(); ++i) tp[i].copy_(fp[i]);
  const auto tb = to->buffers(), fb = from->buffers();
  for (std::size_t i = 0; i < tb.size(); ++i) tb[i].copy_(fb[i]);
}

// Load state.pt if it was written with the same settings; otherwise start from scratch.
Resume try_resume(const std::string& path, const std::string& settings, PressNet& net, PressNet& best,
                  torch::optim::Adam& opt, const Log& log) {
  Resume r;
  if (!std::filesystem::exists(path)) return r;
  try {
    torch::serialize::InputArchive a;
    a.load_from(path);
    c10::IValue v;
    a.read("settings", v);
    if (v.toStringRef() != settings) {
      log.info("{}: written with other settings; starting from scratch", path);
      return r;
    }
    torch::serialize::InputArchive m, b, o;
    a.read("model", m);
    a.read("best", b);
    a.read("optimizer", o);
    net->load(m);
    best->load(b);
    opt.load(o);
    a.read("epoch", v);
    r.epoch = static_cast<int>(v.toInt());
    a.read("best_epoch", v);
    r.best_epoch = static_cast<int>(v.toInt());
    a.read("best_value", v);
    r.best_value = v.to<double>();
    a.read("log", v);
    r.log = v.toStringRef();
  } catch (const c10::Error& e) {
    fail("{}: cannot resume: {}: expected a state file written by train (delete it to start over)", path,
         first_line(e.what_without_backtrace()));
  }
  log.info("resuming after epoch {} from {}", r.epoch, path);
  return r;
}

void save_state(const std::string& path, const std::string& settings, PressNet& net, PressNet& best,
                torch::optim::Adam& opt, int epoch, const Resume& kept, const std::string& log_text) {
  torch::serialize::OutputArchive a, m, b, o;
  net->save(m);
  best->save(b);
  opt.save(o);
  a.write("settings", c10::IValue(settings));
  a.write("model", m);
  a.write("best", b);
  a.write("optimizer", o);
  a.write("epoch", c10::IValue(static_cast<std::int64_t>(epoch)));
  a.write("best_epoch", c10::IValue(static_cast<std::int64_t>(kept.best_epoch)));
  a.write("best_value", c10::IValue(kept.best_value));
  a.write("log", c10::IValue(log_text));
  // Serialised in memory, then written by the checked writer: LibTorch's file writer throws
  // from its destructor on a full disk, which terminates the process.
  std::ostringstream bytes;
  a.save_to(bytes);
  write_text_atomic(path, bytes.str());
}

}  // namespace

LossTerms press_loss(const torch::Tensor& pred, const torch::Tensor& target, const PatternFields& fields,
                     const torch::Tensor& lo, const torch::Tensor& span, double lambda, const PhysicsOptions& phys) {
  LossTerms t;
  t.data = torch::mse_loss(pred, target);
  if (lambda == 0) {
    torch::NoGradGuard no_grad;
    t.phy = residual_per_sample(fields, lo + pred.detach() * span, phys).mean();
    t.total = t.data;
  } else {
    t.phy = residual_per_sample(fields, lo + pred * span, phys).mean();
    t.total = t.data + lambda * t.phy;
  }
  return t;
}

// FNV-1a over the ids, parameters and input fields of the training and validation samples.
static std::uint64_t data_fingerprint(const SampleSet& train, const SampleSet& val) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ULL;
  };
  for (const SampleSet* s : {&train, &val}) {
    mix(s->id.data(), s->id.size() * sizeof(std::uint64_t));
    for (const auto& p : s->params) mix(p.data(), static_cast<std::size_t>(p.size()) * sizeof(double));
    const auto x = s->x.contiguous();
    mix(x.data_ptr<float>(), static_cast<std::size_t>(x.numel()) * sizeof(float));
  }
  return h;
}

void refuse_training_outputs_on_inputs(const ModelSettings& s, const std::string& out_dir, const std::string& config) {
  std::vector<NamedPath> outs, ins{{"--data", s.data}, {"--config", config}};
  for (const auto& f : {model_file(out_dir), settings_file(out_dir), log_file(out_dir), state_file(out_dir)})
    outs.emplace_back("--out-dir", f);
  for (const char* part : {"train", "val"}) ins.emplace_back("--splits", split_list_path(s.splits, part, s.n));
  ins.emplace_back("--splits", split_list_path(s.splits, "test"));
  refuse_outputs_on_inputs(outs, ins);
}

TrainSummary run_training(ModelSettings s, const std::string& out_dir, const TrainRun& run, const Log& log) {
  const ArchSpec arch = ArchSpec::parse(s.arch);
  s.arch = arch.name();
  const auto device = resolve_device(s.device);
  SampleSet train = load_sample_set(s.data, split_list_path(s.splits, "train", s.n), s.inputs, s.ranges);
  SampleSet val = load_sample_set(s.data, split_list_path(s.splits, "val", s.n), s.inputs, s.ranges);
  s.grid = train.grid;
  // Targets: min-max with the box, or with the training split's own range (NOTES 5).
  const ParamRanges targets = s.target_scaling == "train" ? data_ranges(train.params, s.ranges.names) : s.ranges;
  set_targets(train, targets);
  set_targets(val, targets);
  const MetricScaling val_scaling = metric_scaling_from_string(s.metrics_scaling);
  PhysicsOptions phys = train.physics;
  phys.laplacian = laplacian_from_string(s.laplacian);
  phys.mask = residual_mask_from_string(s.residual_mask);
  // Everything that can be checked before the model directory is touched: the net for this grid.
  torch::manual_seed(s.seed);
  PressNet net(s), best(s);
  // The settings, and a fingerprint of the data they name: a state.pt of other data at the same
  // paths must not be resumed.
  const std::string settings = s.to_yaml() + fmt::format("# data fingerprint: {:016x}\n", data_fingerprint(train, val));
  const bool dir_existed = std::filesystem::exists(out_dir);
  std::filesystem::create_directories(out_dir);
  try {
    // A new run invalidates the old weights first: a kill between here and the end leaves
    // settings.yaml without model.pt (evaluate refuses), never new settings beside old weights.
    std::filesystem::remove(model_file(out_dir));
    write_text_atomic(settings_file(out_dir), settings);
    log.info("{} on {} train + {} val samples ({}x{}, inputs {}), lambda {}, seed {}, {} epochs, device {}; targets {} "
             "scaling, input {}, keep {}, lr per {}",
             s.arch, train.size(), val.size(), s.grid, s.grid, fmt::join(s.inputs, "+"), s.lambda, s.seed, s.epochs,
             device.str(), s.target_scaling, s.input_scaling, s.keep, s.lr_schedule);

    net->set_target_ranges(targets);
    if (s.input_scaling == "standardize") {
      // Input scaling from the training split only (float64 accumulation).
      const auto x = train.x.to(torch::kFloat64);
      net->set_input_scaling(x.mean({0, 2, 3}).to(torch::kFloat32), x.std({0, 2, 3}, false).clamp_min(1e-12).to(torch::kFloat32));
    }
    net->to(device);
    best->to(device);
    copy_weights(best, net);
    FusedAdam opt(net->parameters(), torch::optim::AdamOptions(s.lr));

    const auto n_train = static_cast<std::int64_t>(train.size());
    const std::int64_t steps_per_epoch = (n_train + s.batch_size - 1) / s.batch_size;
    const bool per_epoch = s.lr_schedule == "epoch";
    const LrSchedule schedule(per_epoch ? s.epochs : steps_per_epoch * s.epochs, s.warmup_fraction, s.lr_start, s.lr,
                              s.lr_end);
    const auto lo = torch::tensor(std::vector<double>(targets.lo.begin(), targets.lo.end()), torch::kFloat32).to(device);
    const auto span = (torch::tensor(std::vector<double>(targets.hi.begin(), targets.hi.end()), torch::kFloat32)
                           .to(device) - lo);

    // The patterns' Laplacians once (the residual needs them every step; they do not change).
    const PatternFields fields = PatternFields::of(train.u, train.v, phys);
    Resume kept = try_resume(state_file(out_dir), settings, net, best, opt, log);
    std::string log_text = kept.log.empty() ? std::string(kTrainLogHeader) + "\n" : kept.log;
    TrainSummary sum;
    Progress progress(log, "training steps", steps_per_epoch * s.epochs, run.progress_seconds);
    const auto t0 = std::chrono::steady_clock::now();
    auto last_save = t0;
    for (int epoch = kept.epoch; epoch < s.epochs; ++epoch) {
      const auto e0 = std::chrono::steady_clock::now();
      const auto order = keyed_order(s.seed, Stream::shuffle, static_cast<std::uint64_t>(epoch), train.id);
      const auto perm = torch::tensor(std::vector<std::int64_t>(order.begin(), order.end()), torch::kInt64);
      torch::manual_seed(epoch_seed(s.seed, epoch));
      net->train();
      double sum_loss = 0, sum_data = 0, sum_phy = 0, lr = 0;
      for (std::int64_t b = 0; b < steps_per_epoch; ++b) {
        const auto idx = perm.slice(0, b * s.batch_size, std::min<std::int64_t>((b + 1) * s.batch_size, n_train));
        const auto xb = train.x.index_select(0, idx).to(device);
        const auto pred = net->forward(xb);
        const LossTerms loss = press_loss(pred, train.target.index_select(0, idx).to(device), fields.rows(idx, device),
                                          lo, span, s.lambda, phys);
        lr = schedule.at(per_epoch ? epoch : epoch * steps_per_epoch + b);
        for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr);
        opt.clear_grads();
        loss.total.backward();
        opt.step();
        const auto nb = static_cast<double>(idx.size(0));
        sum_loss += nb * loss.total.item<double>();
        sum_data += nb * loss.data.item<double>();
        sum_phy += nb * loss.phy.item<double>();
        progress.update(epoch * steps_per_epoch + b + 1);
      }
      const Assessment va = assess(net, val, val_scaling, s.ranges, 256, device);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - e0).count();
      const double nt = static_cast<double>(n_train);
      if (!std::isfinite(sum_loss))
        fail("{} epoch {}: training loss is {}: expected a finite loss (lower train.lr or lambda)", out_dir, epoch + 1,
             sum_loss);
      // train.keep: best_val keeps the first epoch with the lowest validation joint NRMSE.
      if (s.keep == "last" || va.errors.nrmse_joint < kept.best_value) {
        kept.best_epoch = epoch + 1;
        kept.best_value = va.errors.nrmse_joint;
        copy_weights(best, net);
      }
      log_text += fmt::format("{},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{},{:.6g},{:.3f}\n", epoch + 1,
                              sum_loss / nt, sum_data / nt, sum_phy / nt, va.errors.nrmse_joint, va.errors.nrmse_eq13,
                              va.errors.r2, va.mean_residual, kept.best_epoch, lr, secs);
      log.info("epoch {}/{}: loss {:.5f} (data {:.5f}, phy {:.4g}), val joint NRMSE {:.4f} (kept: epoch {}), R^2 "
               "{:.3f}, val residual {:.4g}, lr {:.3g}, {:.1f} s",
               epoch + 1, s.epochs, sum_loss / nt, sum_data / nt, sum_phy / nt, va.errors.nrmse_joint, kept.best_epoch,
               va.errors.r2, va.mean_residual, lr, secs);
      write_text_atomic(log_file(out_dir), log_text);
      const auto now = std::chrono::steady_clock::now();
      if (epoch + 1 < s.epochs && std::chrono::duration<double>(now - last_save).count() >= run.checkpoint_seconds) {
        save_state(state_file(out_dir), settings, net, best, opt, epoch + 1, kept, log_text);
        last_save = now;
      }
      sum.epochs_run += 1;
      sum.samples += n_train;
    }
    sum.kept_epoch = kept.best_epoch;
    sum.val_nrmse_joint = kept.best_value;
    sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_text_atomic(log_file(out_dir), log_text);
    {
      best->to(torch::kCPU);
      std::ostringstream bytes;  // in memory first, as save_state
      torch::save(best, bytes);
      write_text_atomic(model_file(out_dir), bytes.str());
    }
    std::filesystem::remove(state_file(out_dir));
    return sum;
  } catch (...) {
    // A failure from here on (a full disk, a non-finite loss) takes back what this run wrote
    // unless a state.pt remains to resume from: no settings.yaml or log.csv without a model.
    if (!std::filesystem::exists(state_file(out_dir))) {
      std::error_code ec;
      for (const auto& f : {settings_file(out_dir), log_file(out_dir)}) std::filesystem::remove(f, ec);
      if (!dir_existed) std::filesystem::remove(out_dir, ec);  // only if empty
    }
    throw;
  }
}

}  // namespace press

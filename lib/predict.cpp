#include "press/predict.hpp"

#include <filesystem>
#include <map>

#include "press/atomic_file.hpp"
#include "press/config.hpp"
#include "press/error.hpp"
#include "press/log.hpp"
#include "press/lsa.hpp"
#include "press/model_dir.hpp"
#include "press/net.hpp"
#include "press/parallel.hpp"
#include "press/simulate.hpp"

namespace press {

namespace {

struct Row {
  Params p;
  double residual = 0;
  std::string status = "ok";
};

// The pattern simulate makes from `p` at grid n (float32 FFTW, simulate.* settings).
std::vector<float> resimulate(const Config& cfg, const Params& p, int n, std::uint64_t key, std::string* why) {
  SimSettings st = SimSettings::from_config(cfg);
  st.n = n;
  st.fftw_planner = "estimate";
  const auto roots = steady_states(Kinetics::from(p, st.form));
  std::vector<float> u(static_cast<std::size_t>(n) * n), v(u.size());
  if (roots.empty()) {
    *why = "no positive homogeneous steady state";
    return {};
  }
  const double us = roots.front();
  initial_state<float>(static_cast<std::uint32_t>(cfg.get<long>("seed")), key, us, us * us, st.noise_sigma,
                       static_cast<std::int64_t>(u.size()), u.data(), v.data());
  SampleResult r;
  make_fftw_solver<float>(st, 1, "")->run(&p, 1, u.data(), v.data(), &r, nullptr);
  *why = status_name(r.status);
  return u;
}

}  // namespace

void run_predict(const PredictRequest& req, const Config& cfg, const Log& log) {
  for (const auto& f : req.files)
    if (std::filesystem::exists(req.out) && std::filesystem::equivalent(f, req.out))
      fail("--out {}: also an input: expected a new file", req.out);
  std::vector<Pattern> pats;
  for (const auto& f : req.files)
    for (auto& p : read_patterns(f, req.read)) pats.push_back(std::move(p));
  if (pats.empty()) fail("no input files: expected images or arrays");
  const PhysicsOptions phys = PhysicsOptions::from_config(cfg);
  const ParamRanges box = ParamRanges::from_config(cfg);
  FitSettings fs = FitSettings::from_config(cfg);
  fs.input = FitInput::u;
  fs.denoise = req.denoise;

  std::string method;
  std::optional<ModelSettings> ms;
  if (!req.model_dir.empty()) {
    ms = ModelSettings::load(req.model_dir);
    if (ms->inputs != std::vector<std::string>{"u"})
      fail("{}: the model reads [{}]: expected a model trained on u alone (predict reads u)", req.model_dir,
           fmt::join(ms->inputs, ","));
    method = "model:" + ms->arch;
    for (auto& p : pats) {
      if (p.n == ms->grid) continue;
      if (!req.resize)
        fail("{}: {}x{} pixels: expected {}x{}, the grid {} was trained on (--resize resamples, which changes dx "
             "and with it the physics)",
             p.name, p.n, p.n, ms->grid, ms->grid, req.model_dir);
      log.info("{}: resampled {}x{} -> {}x{} (dx now {:g} x the original pixel)", p.name, p.n, p.n, ms->grid,
               ms->grid, static_cast<double>(p.n) / ms->grid);
      p.u = resample_periodic(p.u, p.n, ms->grid);
      p.n = ms->grid;
    }
  } else {
    method = "fit_" + fs.variant();
  }
  std::map<int, std::unique_ptr<PatternFitter>> fitters;  // one per grid size
  for (const auto& p : pats)
    if (!fitters.count(p.n)) fitters[p.n] = std::make_unique<PatternFitter>(p.n, phys, box, fs);
  log.info("{} pattern(s) from {} file(s); method {}", pats.size(), req.files.size(), method);

  std::vector<Row> rows(pats.size());
  if (ms) {
    const auto device = resolve_device("auto");
    PressNet net = load_model(req.model_dir, *ms, device);
    const auto m = static_cast<std::int64_t>(pats.size()), g = static_cast<std::int64_t>(ms->grid);
    std::vector<float> x;
    for (const auto& p : pats) x.insert(x.end(), p.u.begin(), p.u.end());
    const auto pred = predict_params(net, torch::from_blob(x.data(), {m, 1, g, g}, torch::kFloat32), 256, device);
    for (std::size_t i = 0; i < pats.size(); ++i) rows[i].p = pred[i];
  }
  parallel_for(static_cast<std::int64_t>(pats.size()), req.threads, [&](std::int64_t k, int) {
    const auto i = static_cast<std::size_t>(k);
    const PatternFitter& fitter = *fitters.at(pats[i].n);
    if (!ms) {
      const FitResult r = fitter.fit(pats[i].u.data(), nullptr);
      rows[i].p = r.params;
      rows[i].status = fit_status_name(r.status);
    }
    rows[i].residual = fitter.residual_u(pats[i].u.data(), rows[i].p);
  });

  std::string csv = "file,a,b,c,delta,residual,method,status\n";
  for (std::size_t i = 0; i < pats.size(); ++i) {
    const auto& r = rows[i];
    if (pats[i].name.find(',') != std::string::npos)
      fail("{}: a comma in the file name: expected a name the CSV can hold", pats[i].name);
    csv += fmt::format("{},{:.10g},{:.10g},{:.10g},{:.10g},{:.6g},{},{}\n", pats[i].name, r.p.a, r.p.b, r.p.c,
                       r.p.delta, r.residual, method, r.status);
    log.info("{}: a {:.5g}, b {:.5g}, c {:.5g}, delta {:.5g}; residual {:.3g} ({})", pats[i].name, r.p.a, r.p.b,
             r.p.c, r.p.delta, r.residual, r.status);
  }
  if (!req.resimulate_dir.empty()) {
    std::filesystem::create_directories(req.resimulate_dir);
    for (std::size_t i = 0; i < pats.size(); ++i) {
      std::string why;
      const auto u = resimulate(cfg, rows[i].p, pats[i].n, i, &why);
      std::string stem = std::filesystem::path(req.files.size() == 1 && pats.size() > 1 ? pats[i].name : pats[i].name)
                             .filename()
                             .string();
      for (char& c : stem)
        if (c == '[' || c == ']' || c == '/') c = '_';
      const std::string png = fmt::format("{}/{}.resim.png", req.resimulate_dir, stem);
      if (u.empty()) {
        log.info("{}: not re-simulated: {}", pats[i].name, why);
        continue;
      }
      write_png16(png, u, pats[i].n);
      log.info("{}: re-simulated ({}) -> {}", pats[i].name, why, png);
    }
  }
  write_text_atomic(req.out, csv);
  log.info("{} row(s) -> {}", pats.size(), req.out);
}

}  // namespace press

#include "press/fit/estimate.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/core/parallel.hpp"
#include "press/sim/simulate.hpp"

namespace press {

namespace {

// The pattern simulate makes from `p` at grid n (float32 FFTW, simulate.* settings); empty when
// p has no homogeneous steady state to start from. `why` gets the run's status.
std::vector<float> resimulate(const Config& cfg, const Params& p, int n, std::uint64_t key, std::string* why) {
  SimSettings st = SimSettings::from_config(cfg);
  st.n = n;
  SteadyState ss;
  try {
    if (!std::all_of(p.begin(), p.end(), [](double x) { return x >= 0; })) fail("a negative parameter");
    ss = steady_state(st.kinetics, p);
  } catch (const Error&) {
    *why = "no positive homogeneous steady state to start from";
    return {};
  }
  std::vector<float> u(static_cast<std::size_t>(n) * n), v(u.size());
  initial_state<float>(static_cast<std::uint32_t>(cfg.get<long>("seed")), key, ss.u, ss.v, st.noise_sigma,
                       static_cast<std::int64_t>(u.size()), u.data(), v.data());
  SampleResult r;
  make_fftw_solver<float>(st, 1, FftwOptions{"estimate", ""})->run(&p, 1, u.data(), v.data(), &r, nullptr);
  *why = status_name(r.status);
  return u;
}

}  // namespace

std::vector<Pattern> read_user_patterns(const EstimateRequest& req) {
  if (req.files.empty()) fail("no input files: expected images or arrays");
  for (const auto& f : req.files)
    if (std::filesystem::exists(req.out) && std::filesystem::exists(f) && std::filesystem::equivalent(f, req.out))
      fail("--out {}: also an input: expected a new file", req.out);
  std::vector<Pattern> pats;
  for (const auto& f : req.files)
    for (auto& p : read_patterns(f, req.read)) pats.push_back(std::move(p));
  for (const auto& p : pats)
    if (p.name.find_first_of(",\n") != std::string::npos)
      fail("{}: a comma in the file name: expected a name the CSV can hold", p.name);
  return pats;
}

void write_estimates(const EstimateRequest& req, const std::vector<Pattern>& pats, std::vector<Estimate>* given,
                     const std::string& method, const Config& cfg, const Log& log) {
  const PhysicsOptions phys(GridPhysics::from_config(cfg));
  const ParamRanges box = ParamRanges::from_config(cfg);
  FitSettings fs = FitSettings::from_config(cfg);
  fs.input = FitInput::u;
  fs.denoise = req.denoise;
  std::map<int, std::unique_ptr<PatternFitter>> fitters;  // one per grid size
  for (const auto& p : pats)
    if (!fitters.count(p.n)) fitters[p.n] = std::make_unique<PatternFitter>(p.n, phys, box, fs);
  const std::string how = given ? method : "fit_" + fs.variant();
  log.info("{} pattern(s) from {} file(s); method {}", pats.size(), req.files.size(), how);
  std::vector<Estimate> own(given ? 0 : pats.size());
  std::vector<Estimate>& est = given ? *given : own;
  if (est.size() != pats.size()) throw std::logic_error("write_estimates: one estimate per pattern expected");
  parallel_for(static_cast<std::int64_t>(pats.size()), req.threads, [&](std::int64_t k, int) {
    const auto i = static_cast<std::size_t>(k);
    const PatternFitter& fitter = *fitters.at(pats[i].n);
    if (!given) {
      const FitResult r = fitter.fit(pats[i].u.data(), nullptr);
      est[i].p = r.params;
      est[i].status = fit_status_name(r.status);
    }
    est[i].residual = fitter.residual_u(pats[i].u.data(), est[i].p);
  });
  std::string csv = fmt::format("file,{},residual,method,status\n", fmt::join(box.names, ","));
  for (std::size_t i = 0; i < pats.size(); ++i) {
    const auto& e = est[i];
    csv += pats[i].name;
    std::string named;
    for (int j = 0; j < e.p.size(); ++j) {
      csv += fmt::format(",{:.10g}", e.p[j]);
      named += fmt::format("{}{} {:.5g}", j ? ", " : "", box.names[static_cast<std::size_t>(j)], e.p[j]);
    }
    csv += fmt::format(",{:.6g},{},{}\n", e.residual, how, e.status);
    log.info("{}: {}; residual {:.3g} ({})", pats[i].name, named, e.residual, e.status);
  }
  if (!req.resimulate_dir.empty()) {
    std::filesystem::create_directories(req.resimulate_dir);
    for (std::size_t i = 0; i < pats.size(); ++i) {
      std::string why;
      const auto u = resimulate(cfg, est[i].p, pats[i].n, i, &why);
      if (u.empty()) {
        log.info("{}: not re-simulated: {}", pats[i].name, why);
        continue;
      }
      std::string stem = std::filesystem::path(pats[i].name).filename().string();
      for (char& c : stem)
        if (c == '[' || c == ']') c = '_';
      const std::string png = fmt::format("{}/{}.resim.png", req.resimulate_dir, stem);
      write_png16(png, u, pats[i].n);
      log.info("{}: re-simulated ({}) -> {}", pats[i].name, why, png);
    }
  }
  write_text_atomic(req.out, csv);
  log.info("{} row(s) -> {}", pats.size(), req.out);
}

}  // namespace press

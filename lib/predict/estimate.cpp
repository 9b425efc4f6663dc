#include "press/predict/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/csv.hpp"
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

namespace {

std::string resimulation_path(const std::string& dir, const std::string& pattern_name) {
  std::string stem = std::filesystem::path(pattern_name).filename().string();
  for (char& c : stem)
    if (c == '[' || c == ']') c = '_';
  return (std::filesystem::path(dir) / (stem + ".resim.png")).string();
}

}  // namespace

std::vector<Pattern> read_user_patterns(const EstimateRequest& req) {
  if (req.files.empty()) fail("no input files: expected images or arrays");
  if (!req.resimulate_dir.empty() && std::filesystem::exists(req.resimulate_dir) &&
      !std::filesystem::is_directory(req.resimulate_dir))
    fail("--resimulate {}: exists and is not a folder: expected a folder or a new path", req.resimulate_dir);
  std::vector<Pattern> pats;
  for (const auto& f : req.files)
    for (auto& p : read_patterns(f, req.read)) pats.push_back(std::move(p));
  for (const auto& p : pats)
    if (p.name.find_first_of(",\n") != std::string::npos)
      fail("{}: a comma in the file name: expected a name the CSV can hold", p.name);
  if (!req.resimulate_dir.empty()) {  // the rules of --out (the tools check it): not onto an input, nor each other
    std::vector<NamedPath> ins, outs{{"--out", req.out}};
    for (const auto& f : req.files) ins.emplace_back("file", f);
    for (const auto& p : pats)
      outs.emplace_back(fmt::format("--resimulate (of {})", p.name), resimulation_path(req.resimulate_dir, p.name));
    refuse_outputs_on_inputs(outs, ins);
  }
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
    est[i].residual = has_estimate(est[i].p, box) ? fitter.residual_u(pats[i].u.data(), est[i].p) : NAN;
  });
  std::vector<std::string> header{"file"};
  header.insert(header.end(), box.names.begin(), box.names.end());
  for (const char* c : {"residual", "method", "status"}) header.emplace_back(c);
  CsvWriter csv(header);
  for (std::size_t i = 0; i < pats.size(); ++i) {
    const auto& e = est[i];
    const bool has = has_estimate(e.p, box);  // else its parameters and residual are empty fields
    std::vector<std::string> row{pats[i].name};
    std::string named;
    for (int j = 0; j < box.size(); ++j) {
      row.push_back(has ? csv_number(e.p[j], 10) : "");
      if (has) named += fmt::format("{}{} {:.5g}", j ? ", " : "", box.names[static_cast<std::size_t>(j)], e.p[j]);
    }
    row.insert(row.end(), {csv_number(e.residual, 6), how, e.status});
    csv.row(row);
    if (has) log.info("{}: {}; residual {:.3g} ({})", pats[i].name, named, e.residual, e.status);
    else log.info("{}: no estimate ({})", pats[i].name, e.status);
  }
  // The CSV and every re-simulation, whole or none (the same rules as every output).
  AtomicOutputs outs;
  if (!req.resimulate_dir.empty()) {
    for (std::size_t i = 0; i < pats.size(); ++i) {
      std::string why = "no estimate";
      const auto u = has_estimate(est[i].p, box) ? resimulate(cfg, est[i].p, pats[i].n, i, &why) : std::vector<float>{};
      if (u.empty()) {
        log.info("{}: not re-simulated: {}", pats[i].name, why);
        continue;
      }
      outs.add(resimulation_path(req.resimulate_dir, pats[i].name));
      write_png16(outs.back(), u, pats[i].n);
      log.info("{}: re-simulated ({}) -> {}", pats[i].name, why, outs.back().final_path());
    }
  }
  outs.add(req.out);
  outs.back().write_text(csv.text());
  outs.commit();
  log.info("{} row(s) -> {}", pats.size(), req.out);
}

}  // namespace press

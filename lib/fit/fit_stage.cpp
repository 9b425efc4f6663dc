#include "press/fit/fit_stage.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <ctime>
#include <filesystem>

#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/core/parallel.hpp"
#include "press/core/rng.hpp"
#include "press/data/split.hpp"

namespace press {

namespace {

// The ok samples of the inputs (shards, or dataset.h5 rows of a split list), in input order.
Shard<float> read_samples(const FitRequest& req, ShardAttrs& attrs) {
  if (req.data.empty()) fail("no input: expected press shards or a dataset.h5");
  if (!req.list.empty()) {
    if (req.data.size() != 1) fail("--list {}: {} inputs: expected one dataset.h5 with a split list", req.list, req.data.size());
    return read_dataset_rows(req.data[0], read_id_list(req.list), req.list, &attrs);
  }
  Shard<float> all;
  for (const auto& path : req.data) {
    ShardAttrs a;
    Shard<float> s = read_shard<float>(path, &a);
    if (all.n == 0) {
      all.n = s.n;
      attrs = a;
    } else if (s.n != all.n) {
      fail("{}: grid {}: expected {} as in {}", path, s.n, all.n, req.data.front());
    } else if (a.numbers != attrs.numbers || a.strings.at("kinetics") != attrs.strings.at("kinetics")) {
      fail("{}: attributes differ from {}: expected shards of one simulation run", path, req.data.front());
    }
    const std::size_t cells = static_cast<std::size_t>(s.n) * s.n;
    for (std::size_t i = 0; i < s.count(); ++i) {
      if (s.results[i].status != Status::ok) continue;
      all.id.push_back(s.id[i]);
      all.params.push_back(s.params[i]);
      all.results.push_back(s.results[i]);
      all.u.insert(all.u.end(), s.u.begin() + i * cells, s.u.begin() + (i + 1) * cells);
      all.v.insert(all.v.end(), s.v.begin() + i * cells, s.v.begin() + (i + 1) * cells);
    }
  }
  if (all.count() == 0) fail("{}: no ok samples: expected at least one developed pattern", req.data.front());
  return all;
}

// A free-text CSV field: no commas or line breaks.
std::string csv_safe(std::string s) {
  for (char& c : s)
    if (c == ',' || c == '\n') c = ';';
  return s;
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

void FitRequest::configure(const Config& cfg, int threads_) {
  settings = FitSettings::from_config(cfg);
  box = ParamRanges::from_config(cfg);
  scaling = metric_scaling_from_string(cfg.get<std::string>("metrics.scaling"));
  seed = static_cast<std::uint32_t>(cfg.get<long>("seed"));
  threads = threads_;
  progress_seconds = cfg.get<double>("fit.progress_seconds");
}

bool are_press_data(const std::vector<std::string>& files, const std::string& h5_dataset) {
  auto press_file = [&](const std::string& f) {
    const auto e = std::filesystem::path(f).extension();
    return h5_dataset.empty() && (e == ".h5" || e == ".hdf5");
  };
  const auto n = std::count_if(files.begin(), files.end(), press_file);
  if (n != 0 && n != static_cast<long>(files.size()))
    fail("inputs mix press HDF5 files and other formats: expected one kind per run");
  return n != 0;
}

namespace {

// Every sample's fit, its CPU seconds, and three residuals of the clean fields: the estimate's
// (without one, the box centre's, as its errors count), the truth's with each Laplacian.
struct FitRuns {
  std::vector<FitResult> res;
  std::vector<double> resid, gt_fd, gt_sp, cpu;
};

FitRuns fit_samples(const PatternFitter& fitter, const Shard<float>& sh, const std::vector<float>& u,
                    const std::vector<float>& v, const Params& centre, const FitRequest& req, const Log& log) {
  const std::size_t m = sh.count(), cells = static_cast<std::size_t>(sh.n) * sh.n;
  FitRuns runs;
  auto& res = runs.res;
  auto &resid = runs.resid, &gt_fd = runs.gt_fd, &gt_sp = runs.gt_sp, &cpu = runs.cpu;
  res.resize(m), resid.resize(m), gt_fd.resize(m), gt_sp.resize(m), cpu.resize(m);
  Progress progress(log, "samples", static_cast<std::int64_t>(m), req.progress_seconds);
  std::atomic<std::int64_t> done{0};
  parallel_for(static_cast<std::int64_t>(m), req.threads, [&](std::int64_t k, int worker) {
    const auto i = static_cast<std::size_t>(k);
    const double t0 = thread_cpu_seconds();
    res[i] = fitter.fit(u.data() + i * cells, v.data() + i * cells);
    cpu[i] = thread_cpu_seconds() - t0;
    const float *cu = sh.u.data() + i * cells, *cv = sh.v.data() + i * cells;
    // The residual of the fit's estimate; without one (a failed fit may return none), the box
    // centre's, as its errors count (its CSV field stays empty).
    resid[i] = fitter.residual(cu, cv, has_estimate(res[i].params, req.box) ? res[i].params : centre, LaplacianKind::fd);
    gt_fd[i] = fitter.residual(cu, cv, sh.params[i], LaplacianKind::fd);
    gt_sp[i] = fitter.residual(cu, cv, sh.params[i], LaplacianKind::spectral);
    const auto d = ++done;
    if (worker == 0 && d < static_cast<std::int64_t>(m)) progress.update(d);
  });
  progress.update(static_cast<std::int64_t>(m));
  return runs;
}

// The per-sample CSV: id, true and fitted parameters (empty without an estimate), distance,
// residual, objective, evals, status, why.
std::string predictions_csv(const Shard<float>& sh, const std::vector<Params>& pred, const FitRuns& runs,
                            const ParamErrors& errors, const ParamRanges& box) {
  const auto& names = box.names;
  std::vector<std::string> header{"id"};
  header.insert(header.end(), names.begin(), names.end());
  for (const auto& n : names) header.push_back(n + "_fit");
  for (const char* c : {"distance", "residual", "objective", "evals", "status", "why"}) header.emplace_back(c);
  CsvWriter out(header);
  for (std::size_t i = 0; i < pred.size(); ++i) {
    // Without an estimate the fitted parameters and the residual are empty fields.
    const bool has = has_estimate(pred[i], box);
    std::vector<std::string> row{fmt::format("{}", sh.id[i])};
    for (double x : sh.params[i]) row.push_back(csv_number(x, 17));
    for (int j = 0; j < box.size(); ++j) row.push_back(has ? csv_number(pred[i][j], 10) : "");
    row.insert(row.end(), {csv_number(errors.distance[i], 6), has ? csv_number(runs.resid[i], 6) : "",
                           csv_number(runs.res[i].objective, 6), fmt::format("{}", runs.res[i].evals),
                           fit_status_name(runs.res[i].status), csv_safe(runs.res[i].why)});
    out.row(row);
  }
  return out.text();
}

}  // namespace

FitSummary run_fit(const FitRequest& req, const Log& log) {
  if (!req.metrics.empty() && req.metrics == req.out)
    fail("--metrics {}: the same file as --out: expected two different files", req.metrics);
  check_noise_level("--noise", req.noise);
  ShardAttrs attrs;
  Shard<float> sh = read_samples(req, attrs);
  const PhysicsOptions phys = PhysicsOptions(grid_physics_of(attrs, req.data.front()));
  if (req.box.names != param_names(phys.kinetics))
    fail("{}: kinetics {} (parameters {}): expected the config's model.kinetics, with parameters {}", req.data.front(),
         kinetics_name(phys.kinetics), fmt::join(param_names(phys.kinetics), ", "), fmt::join(req.box.names, ", "));
  const std::size_t m = sh.count(), cells = static_cast<std::size_t>(sh.n) * sh.n;
  // Observed fields: the clean ones plus noise keyed by (seed, id).
  std::vector<float> u = sh.u, v = sh.v;
  for (std::size_t i = 0; i < m; ++i) {
    add_observation_noise(req.seed, Stream::observation_noise_u, sh.id[i], req.noise, u.data() + i * cells, cells);
    add_observation_noise(req.seed, Stream::observation_noise_v, sh.id[i], req.noise, v.data() + i * cells, cells);
  }
  const PatternFitter fitter(sh.n, phys, req.box, req.settings);
  const std::string variant = req.settings.variant();
  log.info("fit {} ({} Laplacian{}) of {} samples ({}x{}), noise {:g}, {} threads", variant,
           laplacian_name(req.settings.laplacian),
           req.settings.denoise == FitDenoise::band ? fmt::format(", band {:g} x peak", req.settings.band) : "", m,
           sh.n, sh.n, req.noise, req.threads);
  const Params centre =
      req.box.denormalize(Params(std::vector<double>(static_cast<std::size_t>(req.box.size()), 0.5).data(), req.box.size()));
  // A failed fit has no estimate: it counts as the box centre, so failures cost error.
  auto scored_as = [&](const FitResult& r) {
    return r.status != FitStatus::failed && has_estimate(r.params, req.box) ? r.params : centre;
  };
  const FitRuns runs = fit_samples(fitter, sh, u, v, centre, req, log);
  const auto& res = runs.res;
  const auto& resid = runs.resid;

  FitSummary sum;
  sum.samples = m;
  std::vector<Params> pred(m);
  double cpu_total = 0;
  for (std::size_t i = 0; i < m; ++i) {
    pred[i] = res[i].params;
    cpu_total += runs.cpu[i];
    switch (res[i].status) {
      case FitStatus::converged: ++sum.converged; break;
      case FitStatus::at_bound: ++sum.at_bound; break;
      case FitStatus::failed: ++sum.failed; break;
      case FitStatus::unidentified: ++sum.unidentified; break;
    }
  }
  sum.seconds_per_sample = cpu_total / static_cast<double>(m);
  const ParamRanges space = metric_ranges(req.scaling, req.box, sh.params);
  std::vector<Params> scored(m);
  for (std::size_t i = 0; i < m; ++i) scored[i] = scored_as(res[i]);
  sum.errors = parameter_errors(scored, sh.params, space);
  const auto& names = req.box.names;
  const std::string predictions = predictions_csv(sh, pred, runs, sum.errors, req.box);
  const ParamErrors trivial = parameter_errors(std::vector<Params>(m, mean_params(sh.params)), sh.params, space);
  auto avg = [&](const std::vector<double>& x) {
    double s = 0;
    for (double y : x) s += y;
    return s / static_cast<double>(x.size());
  };
  const ParamErrors& e = sum.errors;
  const std::string metrics =
      metrics_header(names) + "\n" +
      metrics_row(fmt::format("fit_{},0,0,0", variant), req.split, req.scaling, req.noise, e, avg(resid), avg(runs.gt_fd),
                  avg(runs.gt_sp), trivial, m, fmt::format("{:.6g}", sum.seconds_per_sample));
  if (req.metrics.empty()) write_text_atomic(req.out, predictions);
  else write_texts_atomic({{req.out, predictions}, {req.metrics, metrics}});  // both or neither
  log.info("fit {} noise {:g}: joint NRMSE {:.4g} (mean predictor {:.4g}), Eq. 13 {:.4g}, R^2 {:.4f}; {} converged, "
           "{} at a bound, {} failed, {} unidentified; {:.1f} ms per sample (one core)",
           variant, req.noise, e.nrmse_joint, trivial.nrmse_joint, e.nrmse_eq13, e.r2, sum.converged, sum.at_bound,
           sum.failed, sum.unidentified, 1e3 * sum.seconds_per_sample);
  for (std::size_t i = 0; i < m; ++i)
    if (res[i].status == FitStatus::unidentified) {
      log.info("fit {}: {} (id {}; every unidentified sample names its flat direction in {})", variant, res[i].why,
               sh.id[i], req.out);
      break;
    }
  return sum;
}

}  // namespace press

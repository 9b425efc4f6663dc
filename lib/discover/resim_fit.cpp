#include "press/discover/resim_fit.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <Eigen/Dense>

#include "press/core/config.hpp"
#include "press/core/csv.hpp"
#include "press/core/error.hpp"

namespace press {

namespace {

// The bounds of a form's coefficients (the header's), D's or G's.
void law_bounds(LawForm f, bool diffusion, std::vector<double>& lo, std::vector<double>& hi) {
  if (!diffusion) {
    const double glo[] = {-5, -10, 0.1}, ghi[] = {5, 10, 50};
    for (int k = 0; k < law_form_size(f); ++k) lo.push_back(glo[k]), hi.push_back(ghi[k]);
    return;
  }
  switch (f) {
    case LawForm::constant: lo.insert(lo.end(), {1e-4}), hi.insert(hi.end(), {0.2}); break;
    case LawForm::linear:
    case LawForm::quadratic: lo.insert(lo.end(), {1e-4, 0}), hi.insert(hi.end(), {0.2, 0.5}); break;
    case LawForm::saturating: lo.insert(lo.end(), {1e-4, 0, 0.1}), hi.insert(hi.end(), {0.2, 0.5, 50}); break;
    case LawForm::power: lo.insert(lo.end(), {1e-4, 0.5}), hi.insert(hi.end(), {0.5, 3}); break;
  }
}

double sq(double x) { return x * x; }

double rms(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += sq(a[i] - b[i]);
  return std::sqrt(s / static_cast<double>(a.size()));
}

// The frames' residuals (simulated - observed) at scaled coefficients z in [0, 1]^k.
struct Residuals {
  const DensityData& d;
  const std::vector<double>& obs;
  LawForm fd, fg;
  std::vector<double> lo, hi;  // D's, G's, then the amplitude
  const ResimSettings& s;
  long evals = 0;

  void unpack(const Eigen::VectorXd& z, DensityLaw& dl, DensityLaw& gl, double& amp) const {
    std::vector<double> x(lo.size());
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = lo[k] + z[static_cast<long>(k)] * (hi[k] - lo[k]);
    const auto nd = static_cast<std::ptrdiff_t>(law_form_size(fd)), ng = static_cast<std::ptrdiff_t>(law_form_size(fg));
    dl = DensityLaw::make(fd, {x.begin(), x.begin() + nd}, "resim");
    gl = DensityLaw::make(fg, {x.begin() + nd, x.begin() + nd + ng}, "resim");
    amp = x.back();
  }
  // false when the simulation fails (a step underflow, a non-finite state): no candidate there.
  bool operator()(const Eigen::VectorXd& z, Eigen::VectorXd& r) {
    ++evals;
    DensityLaw dl, gl;
    double amp = 0;
    unpack(z, dl, gl, amp);
    try {
      const auto sim = resimulate(d, {dl, gl}, amp, s);
      r.resize(static_cast<long>(sim.size()));
      for (std::size_t i = 0; i < sim.size(); ++i) r[static_cast<long>(i)] = sim[i] - obs[i];
      return r.allFinite();
    } catch (const Error&) {
      return false;
    }
  }
};

// Levenberg-Marquardt (Marquardt's diagonal scaling) in the scaled box, steps clipped into it, the
// Jacobian by forward differences; stops when an accepted step changes the RSS by less than 1e-12
// of it, moves less than xtol, or the budget is spent.
Eigen::VectorXd levenberg_marquardt(Residuals& res, Eigen::VectorXd z, double& rss) {
  const double fd_step = 1e-5;  // on the unit box; the solver's rtol (1e-10) keeps its noise below 1e-5 of a column
  Eigen::VectorXd r;
  if (!res(z, r)) fail("resim: {} + {}: the start does not simulate", law_form_name(res.fd), law_form_name(res.fg));
  rss = r.squaredNorm();
  const long k = z.size();
  double mu = 1e-3;
  while (res.evals + k + 1 <= res.s.max_evals) {
    Eigen::MatrixXd J(r.size(), k);
    Eigen::VectorXd rk;
    for (long j = 0; j < k; ++j) {
      Eigen::VectorXd zj = z;
      const double h = zj[j] + fd_step <= 1 ? fd_step : -fd_step;
      zj[j] += h;
      if (!res(zj, rk)) fail("resim: {} + {}: a Jacobian column does not simulate", law_form_name(res.fd), law_form_name(res.fg));
      J.col(j) = (rk - r) / h;
    }
    const Eigen::MatrixXd A = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    bool accepted = false;
    while (!accepted && res.evals < res.s.max_evals && mu < 1e12) {
      Eigen::MatrixXd M = A;
      for (long j = 0; j < k; ++j) M(j, j) += mu * std::max(A(j, j), 1e-12);
      const Eigen::VectorXd zn = (z - M.ldlt().solve(g)).cwiseMax(0.0).cwiseMin(1.0);
      Eigen::VectorXd rn;
      if (res(zn, rn) && rn.squaredNorm() < rss) {
        const double gain = rss - rn.squaredNorm(), step = (zn - z).norm();
        z = zn, r = rn, rss = rn.squaredNorm(), mu = std::max(mu / 3, 1e-9), accepted = true;
        if (gain <= 1e-12 * rss || step < res.s.xtol) return z;
      } else {
        mu *= 4;
      }
    }
    if (!accepted) return z;
  }
  return z;
}

}  // namespace

ResimSettings ResimSettings::from_config(const Config& cfg) {
  ResimSettings s;
  s.fine = cfg.get<int>("binn.resim_fine");
  s.max_evals = cfg.get<int>("binn.resim_max_evals");
  return s;
}

DensityModel resim_model(const DensityData& d, int fine) {
  const auto len = d.attrs.numbers.find("length");
  const auto bnd = d.attrs.strings.find("boundary");
  if (len == d.attrs.numbers.end() || bnd == d.attrs.strings.end())
    fail("density data: attributes 'length' and 'boundary' are needed: expected binn_data's file");
  DensityModel model;
  model.n = fine;
  model.length = len->second;
  model.boundary = boundary_from_name(bnd->second, "attribute 'boundary'");
  const int m = d.m();
  if (model.boundary == Boundary::noflux ? m < 2 || fine < m || (fine - 1) % (m - 1) != 0 : fine < m || fine % m != 0)
    fail("--fine: value {}: expected {} (every observed point a simulated one)", fine,
         model.boundary == Boundary::noflux ? fmt::format("fine - 1 a multiple of the data's {} observed intervals", m - 1)
                                            : fmt::format("a multiple of the data's {} observed points", m));
  return model;
}

std::vector<double> resimulate(const DensityData& d, const DensityEquation& eq, double amplitude,
                               const ResimSettings& s) {
  DensityModel model = resim_model(d, s.fine);
  model.eq = eq;
  const std::size_t m = static_cast<std::size_t>(d.m()), N = static_cast<std::size_t>(model.n);
  const std::size_t stride = model.boundary == Boundary::noflux ? (N - 1) / (m - 1) : N / m;
  std::vector<double> out(d.frames() * m * m);
  integrate_density(model, cos2_bump(model, amplitude), d.t, s.dopri, [&](std::size_t k, const std::vector<double>& u) {
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < m; ++j) out[(k * m + i) * m + j] = u[i * stride * N + j * stride];
  });
  return out;
}

double resim_error(const DensityData& d, const DensityEquation& eq, const ResimSettings& s) {
  const auto amp = d.attrs.numbers.find("amplitude");
  if (amp == d.attrs.numbers.end()) fail("density data: attribute 'amplitude' is needed: expected binn_data's file");
  resim_model(d, s.fine);  // a grid that does not nest is the caller's error, not the equation's
  try {
    const auto sim = resimulate(d, eq, amp->second, s);
    const double e = rms(sim, d.u_clean);
    return std::isfinite(e) ? e : NAN;
  } catch (const Error&) {
    return NAN;
  }
}

ResimFit fit_by_resimulation(const DensityData& d, std::size_t level, LawForm fd, LawForm fg, const ResimSettings& s) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<double> obs = d.level(level);
  const std::size_t mm = static_cast<std::size_t>(d.m()) * static_cast<std::size_t>(d.m());
  const double peak = *std::max_element(obs.begin(), obs.begin() + static_cast<std::ptrdiff_t>(mm));
  if (!(peak > 0)) fail("density data: frame 0's maximum {}: expected a positive bump", peak);
  Residuals res{d, obs, fd, fg, {}, {}, s};
  law_bounds(fd, true, res.lo, res.hi);
  law_bounds(fg, false, res.lo, res.hi);
  res.lo.push_back(0.5 * peak), res.hi.push_back(2 * peak);
  const long k = static_cast<long>(res.lo.size());
  // The start (in physical units, then scaled): D = 0.02 (its other coefficients at their lower
  // bound but a rate of 1 and an exponent of 1), G = 0 (a rate of 1), the amplitude frame 0's maximum.
  std::vector<double> x0;
  for (int i = 0; i < law_form_size(fd); ++i)
    x0.push_back(i == 0 ? 0.02 : fd == LawForm::saturating && i == 2 ? 1 : fd == LawForm::power ? 1 : 0);
  for (int i = 0; i < law_form_size(fg); ++i) x0.push_back(fg == LawForm::saturating && i == 2 ? 1 : 0);
  x0.push_back(peak);
  Eigen::VectorXd z(k);
  for (long j = 0; j < k; ++j) {
    const auto u = static_cast<std::size_t>(j);
    z[j] = std::clamp((x0[u] - res.lo[u]) / (res.hi[u] - res.lo[u]), 0.0, 1.0);
  }
  double rss = 0;
  z = levenberg_marquardt(res, z, rss);
  ResimFit f;
  res.unpack(z, f.diffusion, f.growth, f.amplitude);
  f.evals = res.evals;
  f.rss = rss;
  const double n = static_cast<double>(obs.size()), kk = static_cast<double>(k);
  f.aicc = n * std::log(std::max(rss, 1e-300) / n) + 2 * kk + 2 * kk * (kk + 1) / (n - kk - 1);
  const auto sim = resimulate(d, {f.diffusion, f.growth}, f.amplitude, s);
  f.rms_observed = rms(sim, obs);
  f.rms_clean = rms(sim, d.u_clean);
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return f;
}

std::vector<ResimFit> rank_by_resimulation(const DensityData& d, std::size_t level, const std::vector<LawForm>& g_forms,
                                           const ResimSettings& s, const std::function<void(const ResimFit&)>& progress) {
  std::vector<ResimFit> fits;
  for (LawForm fg : g_forms)
    for (LawForm fd : all_law_forms()) {
      fits.push_back(fit_by_resimulation(d, level, fd, fg, s));
      if (progress) progress(fits.back());
    }
  std::stable_sort(fits.begin(), fits.end(), [](const ResimFit& a, const ResimFit& b) { return a.aicc < b.aicc; });
  return fits;
}

std::string resim_frames_csv(const DensityData& d, std::size_t level, const ResimFit& fit, const ResimSettings& s) {
  const auto sim = resimulate(d, {fit.diffusion, fit.growth}, fit.amplitude, s);
  const auto obs = d.level(level);
  const std::size_t m = static_cast<std::size_t>(d.m());
  CsvWriter w({"frame", "t", "x", "y", "observed", "clean", "resim"});
  for (std::size_t k = 0; k < d.frames(); ++k)
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < m; ++j) {
        const std::size_t c = (k * m + i) * m + j;
        w.row({std::to_string(k), csv_number(d.t[k], 10), csv_number(d.x[i], 10), csv_number(d.x[j], 10),
               csv_number(obs[c], 10), csv_number(d.u_clean[c], 10), csv_number(sim[c], 10)});
      }
  return w.text();
}

std::string resim_csv(const std::vector<ResimFit>& fits) {
  CsvWriter w({"rank", "d_expression", "g_expression", "amplitude", "k", "rss", "aicc", "rms_observed", "rms_clean",
               "evals", "seconds"});
  for (std::size_t i = 0; i < fits.size(); ++i) {
    const auto& f = fits[i];
    const int k = law_form_size(f.diffusion.form) + law_form_size(f.growth.form) + 1;
    w.row({std::to_string(i + 1), f.diffusion.text(), f.growth.text(), csv_number(f.amplitude, 10), std::to_string(k),
           csv_number(f.rss, 10), csv_number(f.aicc, 10), csv_number(f.rms_observed, 10), csv_number(f.rms_clean, 10),
           std::to_string(f.evals), csv_number(f.seconds, 3)});
  }
  return w.text();
}

}  // namespace press

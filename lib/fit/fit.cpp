#include "press/fit/fit.hpp"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <type_traits>

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/sim/fftw_plan.hpp"

namespace press {

const char* fit_status_name(FitStatus s) {
  switch (s) {
    case FitStatus::converged: return "converged";
    case FitStatus::at_bound: return "at_bound";
    case FitStatus::failed: return "failed";
    case FitStatus::unidentified: return "unidentified";
  }
  return "?";
}

FitInput fit_input_from_string(const std::string& s) {
  if (s == "u") return FitInput::u;
  if (s == "uv") return FitInput::uv;
  fail("fit input '{}': expected u or uv", s);
}

FitDenoise fit_denoise_from_string(const std::string& s) {
  if (s == "none") return FitDenoise::none;
  if (s == "band") return FitDenoise::band;
  fail("fit denoise '{}': expected none or band", s);
}

FitSettings FitSettings::from_config(const Config& cfg) {
  FitSettings st;
  st.laplacian = laplacian_from_string(cfg.get<std::string>("fit.laplacian"));
  st.band = cfg.get<double>("fit.band");
  st.grid = cfg.get<int>("fit.grid");
  st.xtol = cfg.get<double>("fit.xtol");
  st.max_evals = cfg.get<int>("fit.max_evals");
  check_fit_box(cfg);
  return st;
}

bool has_estimate(const Params& p, const ParamRanges& box) {
  return p.size() == box.size() && std::all_of(p.begin(), p.end(), [](double x) { return std::isfinite(x); });
}

std::string FitSettings::variant() const {
  return std::string(input == FitInput::u ? "u" : "uv") + (denoise == FitDenoise::band ? "_band" : "");
}

namespace {

using cplx = std::complex<double>;

struct Budget {
  long evals = 0, max = 0;
};

struct Min1 {
  double x = 0, f = INFINITY;
  bool ok = false;      // BOBYQA stopped on its tolerance
  std::string why;      // when not ok
};

double trampoline(unsigned, const double* x, double*, void* data) {
  return (*static_cast<const std::function<double(double)>*>(data))(x[0]);
}

// min over x in [lo, hi] of f: the best point of a `grid`-point grid, then BOBYQA from it.
Min1 search_1d(const std::function<double(double)>& f, double lo, double hi, int grid, double xtol, Budget& b) {
  Min1 best;
  for (int i = 0; i < grid; ++i) {
    const double x = std::min(hi, lo + (hi - lo) * i / (grid - 1));  // never an ulp past hi (NLopt checks)
    const double y = f(x);
    if (y < best.f) best.x = x, best.f = y;  // a NaN is never chosen
  }
  if (!std::isfinite(best.f)) {
    best.why = "the objective is not finite anywhere on the grid";
    return best;
  }
  if (b.evals >= b.max) {
    best.why = fmt::format("fit.max_evals ({}) reached", b.max);
    return best;
  }
  std::unique_ptr<nlopt_opt_s, decltype(&nlopt_destroy)> o(nlopt_create(NLOPT_LN_BOBYQA, 1), &nlopt_destroy);
  nlopt_set_lower_bounds1(o.get(), lo);
  nlopt_set_upper_bounds1(o.get(), hi);
  nlopt_set_min_objective(o.get(), trampoline, const_cast<std::function<double(double)>*>(&f));
  nlopt_set_xtol_abs1(o.get(), xtol);
  nlopt_set_initial_step1(o.get(), 0.5 * (hi - lo) / (grid - 1));
  nlopt_set_maxeval(o.get(), static_cast<int>(b.max - b.evals));
  double x = best.x, fx = INFINITY;
  const nlopt_result rc = nlopt_optimize(o.get(), &x, &fx);
  if (std::isfinite(fx) && fx <= best.f) best.x = x, best.f = fx;
  // ROUNDOFF_LIMITED: the objective's rounding, not the search, stopped progress (at noise-free
  // optima J ~ 1e-11): the point is as good as the objective can tell.
  best.ok = rc == NLOPT_XTOL_REACHED || rc == NLOPT_FTOL_REACHED || rc == NLOPT_SUCCESS || rc == NLOPT_ROUNDOFF_LIMITED;
  if (!best.ok)
    best.why = rc == NLOPT_MAXEVAL_REACHED ? fmt::format("fit.max_evals ({}) reached", b.max)
                                           : fmt::format("BOBYQA stopped with NLopt code {} ({})", static_cast<int>(rc),
                                                         nlopt_get_errmsg(o.get()) ? nlopt_get_errmsg(o.get()) : "");
  return best;
}

}  // namespace

// Per-call buffers (the fitter itself is shared by the threads).
struct PatternFitter::Work {
  std::size_t cells, modes;
  FftBuffer<double> r;                   // real scratch for the FFTs
  FftBuffer<fftw_complex> c;             // complex scratch
  std::vector<double> u, uu, uc, lu, v, h;  // u, u^2, u - mean(u), s Lap(u), v, h(c)
  std::vector<cplx> uh, uuh;             // FFT(u), FFT(u^2)
  double umean = 0, suu = 0;
  // denoise band: the modes kept (k != 0), their r2c weights (1 or 2) and FFT(u) there.
  std::vector<std::size_t> band;
  std::vector<double> bw;
  double bden = 0;                       // sum of w |FFT(u)|^2 over the band
  Work(std::size_t cells_, std::size_t modes_)
      : cells(cells_), modes(modes_), r(fft_alloc<double>(cells_)), c(fft_alloc<fftw_complex>(modes_)),
        u(cells_), uu(cells_), uc(cells_), lu(cells_), v(cells_), h(cells_), uh(modes_), uuh(modes_) {}
};

PatternFitter::PatternFitter(int n, const PhysicsOptions& phys, const ParamRanges& box, const FitSettings& st)
    : n_(n), phys_(phys), box_(box), st_(st),
      plan_(std::make_unique<FftwPlan<double>>(n, "estimate", "")),  // estimate: the same plan every run
      sym_(laplacian_symbol(st.laplacian, n, phys.dx)) {
  if (n < 4 || n % 2) fail("fit: grid {}: expected an even size >= 4", n);
  if (st.grid < 2) fail("fit.grid: value {}: expected at least 2", st.grid);
  for (int j = 0; j < box.size(); ++j)  // the config check (check_fit_box) names the file first
    if (fit_searches_log(phys.kinetics, j) && !(box.lo[j] > 0 && box.hi[j] > box.lo[j]))
      fail("params.{}: [{}, {}]: expected 0 < lo < hi (the fit searches log {})", box.names[j], box.lo[j], box.hi[j],
           box.names[j]);
}

PatternFitter::~PatternFitter() = default;

namespace {

// r2c weight of mode (i, j): the modes with 0 < j < n/2 stand for their conjugates too.
double r2c_weight(int n, int j) { return j == 0 || j == n / 2 ? 1.0 : 2.0; }

}  // namespace

FitResult PatternFitter::fit(const float* u, const float* v) const {
  return is_gierer_meinhardt(phys_.kinetics) ? fit_gm(u, v) : fit_lm(u, v);
}

// One Gierer-Meinhardt fit of one pattern (NOTES 6): (a, b) (as p, d) by linear least squares
// for each c, c by a 1-D search, delta by a 1-D search over the nested c search (from u alone)
// or in closed form from R_v (from u and v).
struct PatternFitter::Gm {
  const PatternFitter& fit;
  Work w;
  const double N, s, floor;
  const bool band;
  Budget budget;
  double p_at = 0, d_at = 0;  // the least-squares (p, d) of the last ju
  std::vector<cplx> hh;       // band: FFT(h)
  double lc0, lc1, ld0, ld1;  // the log box of c and delta

  explicit Gm(const PatternFitter& f)
      : fit(f), w(f.plan_->cells(), f.plan_->modes()), N(static_cast<double>(w.cells)), s(f.phys_.s),
        floor(f.phys_.v_floor), band(f.st_.denoise == FitDenoise::band), budget{0, f.st_.max_evals},
        hh(band ? w.modes : 0), lc0(std::log(f.box_.lo[2])), lc1(std::log(f.box_.hi[2])),
        ld0(std::log(f.box_.lo[3])), ld1(std::log(f.box_.hi[3])) {}

  void fwd(const std::vector<double>& x, std::vector<cplx>& out) {
    std::copy(x.begin(), x.end(), w.r.get());
    fit.plan_->forward(w.r.get(), w.c.get());
    for (std::size_t k = 0; k < w.modes; ++k) out[k] = cplx(w.c[k][0], w.c[k][1]);
  }
  // out = IFFT(spec * mult) / N
  template <typename Mult>
  void inv(const std::vector<cplx>& spec, const Mult& mult, std::vector<double>& out) {
    for (std::size_t k = 0; k < w.modes; ++k) {
      const cplx z = spec[k] * mult(k);
      w.c[k][0] = z.real();
      w.c[k][1] = z.imag();
    }
    fit.plan_->inverse(w.c.get(), w.r.get());
    for (std::size_t i = 0; i < w.cells; ++i) out[i] = w.r[i] / N;
  }
  std::string load_u(const float* uin);
  double ju(double c);
  Min1 search_c() {
    return search_1d([&](double x) { return ju(std::exp(x)); }, lc0, lc1, fit.st_.grid, fit.st_.xtol, budget);
  }
  void delta_from_u(Min1& mc, Min1& md, double& delta);
  std::string delta_from_v(const float* vin, double& delta, double& jv);
  FitResult result(const Min1& mc, const Min1& md, double delta, double jv);
};

// u, u^2, its mean and centred copy, FFT(u), FFT(u^2), s Lap(u) and the band; why not, if u
// cannot be fitted ("" if it can).
std::string PatternFitter::Gm::load_u(const float* uin) {
  double umin = INFINITY, umax = -INFINITY;
  for (std::size_t i = 0; i < w.cells; ++i) {
    w.u[i] = uin[i];
    w.uu[i] = w.u[i] * w.u[i];
    w.umean += w.u[i];
    umin = std::min(umin, w.u[i]);
    umax = std::max(umax, w.u[i]);
  }
  if (!std::isfinite(w.umean)) return "u has a NaN or Inf";
  w.umean /= N;
  for (std::size_t i = 0; i < w.cells; ++i) {
    w.uc[i] = w.u[i] - w.umean;
    w.suu += w.uc[i] * w.uc[i];
  }
  if (!(umax - umin > 1e-12 * std::max(1.0, std::fabs(w.umean))))
    return "u is flat: a and b are not identifiable from a homogeneous state";
  fwd(w.u, w.uh);
  fwd(w.uu, w.uuh);
  inv(w.uh, [&](std::size_t k) { return s * fit.sym_[k]; }, w.lu);
  if (band) {
    BandModes bm = fit.band_modes(w.uh);
    w.band = std::move(bm.k);
    w.bw = std::move(bm.w);
    for (std::size_t m = 0; m < w.band.size(); ++m) w.bden += w.bw[m] * std::norm(w.uh[w.band[m]]);
    if (!(w.bden > 0)) return "u has no power below the band cutoff";
  }
  return "";
}

// J(c) for the v in w.v: (p, d) by least squares, the mean squared R_u (projected if band).
double PatternFitter::Gm::ju(double c) {
  ++budget.evals;
  double hsum = 0, hu = 0;
  for (std::size_t i = 0; i < w.cells; ++i) {
    const double vc = w.v[i] > floor ? w.v[i] : floor;
    const double h = w.lu[i] + w.uu[i] / (vc * (1.0 + c * w.uu[i]));
    w.h[i] = h;
    hsum += h;
    hu += h * w.uc[i];
  }
  const double hmean = hsum / N;
  double J = 0;
  if (!band) {
    d_at = hu / w.suu;
    for (std::size_t i = 0; i < w.cells; ++i) {
      const double r = w.h[i] - hmean - d_at * w.uc[i];
      J += r * r;
    }
    J /= N;
  } else {
    fwd(w.h, hh);
    double num = 0, hnorm = 0;
    for (std::size_t m = 0; m < w.band.size(); ++m) {
      const cplx& x = hh[w.band[m]];
      num += w.bw[m] * (std::conj(w.uh[w.band[m]]) * x).real();
      hnorm += w.bw[m] * std::norm(x);
    }
    d_at = num / w.bden;
    J = std::max(0.0, hnorm - num * num / w.bden) / (N * N);
  }
  p_at = -(hmean - d_at * w.umean);
  return J;
}

// From u alone: v = (1 - s delta Lap)^-1 u^2 for each delta, the profile min_c J over log delta.
void PatternFitter::Gm::delta_from_u(Min1& mc, Min1& md, double& delta) {
  auto set_v = [&](double dl) { inv(w.uuh, [&](std::size_t k) { return 1.0 / (1.0 - s * dl * fit.sym_[k]); }, w.v); };
  bool inner_ok = true;
  std::string inner_why;
  md = search_1d(
      [&](double x) {
        set_v(std::exp(x));
        const Min1 m = search_c();
        if (!m.ok && inner_ok) inner_ok = false, inner_why = m.why;
        return m.f;
      },
      ld0, ld1, fit.st_.grid, fit.st_.xtol, budget);
  delta = std::exp(md.x);
  set_v(delta);
  mc = search_c();
  if (!inner_ok && md.ok) md.ok = false, md.why = inner_why;
}

// From u and v: R_v = delta q + t with q = s Lap(v), t = u^2 - v, so delta by least squares, and
// jv the mean squared R_v there (projected if band). Why not, if it cannot ("" if it can).
std::string PatternFitter::Gm::delta_from_v(const float* vin, double& delta, double& jv) {
  double vsum = 0;
  for (std::size_t i = 0; i < w.cells; ++i) vsum += (w.v[i] = vin[i]);
  if (!std::isfinite(vsum)) return "v has a NaN or Inf";
  std::vector<cplx> vh(w.modes), th(w.modes);
  std::vector<double> q(w.cells), t(w.cells);
  fwd(w.v, vh);
  for (std::size_t i = 0; i < w.cells; ++i) t[i] = w.uu[i] - w.v[i];
  double qq = 0, qt = 0;
  if (!band) {
    inv(vh, [&](std::size_t k) { return s * fit.sym_[k]; }, q);
    for (std::size_t i = 0; i < w.cells; ++i) qq += q[i] * q[i], qt += q[i] * t[i];
  } else {
    fwd(t, th);
    for (std::size_t m = 0; m < w.band.size(); ++m) {
      const std::size_t k = w.band[m];
      const cplx qk = s * fit.sym_[k] * vh[k];
      qq += w.bw[m] * std::norm(qk);
      qt += w.bw[m] * (std::conj(qk) * th[k]).real();
    }
  }
  if (!(qq > 0)) return "v is flat: delta is not identifiable";
  delta = -qt / qq;
  if (!(delta > 0))
    return fmt::format("R_v gives delta = {:.4g}: expected > 0 (is v the steady state belonging to u?)", delta);
  if (!band) {
    for (std::size_t i = 0; i < w.cells; ++i) {
      const double r = delta * q[i] + t[i];
      jv += r * r;
    }
    jv /= N;
  } else {
    jv = std::norm(th[0]);  // mode 0: q has none
    for (std::size_t m = 0; m < w.band.size(); ++m) {
      const std::size_t k = w.band[m];
      jv += w.bw[m] * std::norm(delta * s * fit.sym_[k] * vh[k] + th[k]);
    }
    jv /= N * N;
  }
  return "";
}

// The estimate at the searches' optimum, its status and why.
FitResult PatternFitter::Gm::result(const Min1& mc, const Min1& md, double delta, double jv) {
  FitResult res;
  const double c = std::exp(mc.x);
  res.objective = ju(c) + jv;  // also sets p_at, d_at for this c
  const bool murray = fit.phys_.kinetics == kinetics_id<Murray>;
  res.params = Params{murray ? p_at : d_at, murray ? d_at : p_at, c, delta};
  res.evals = budget.evals;
  const bool finite = std::isfinite(res.objective) && std::isfinite(p_at) && std::isfinite(d_at);
  const double edge = 1e-7;
  std::vector<std::string> bounds;
  if (mc.x - lc0 < edge || lc1 - mc.x < edge) bounds.push_back("c");
  if (fit.st_.input == FitInput::u && (md.x - ld0 < edge || ld1 - md.x < edge)) bounds.push_back("delta");
  if (!finite) {
    res.status = FitStatus::failed;
    res.why = "the objective at the optimum is not finite";
  } else if (!mc.ok || !md.ok) {
    res.status = FitStatus::failed;
    res.why = !mc.ok ? mc.why : md.why;
  } else if (!bounds.empty()) {
    res.status = FitStatus::at_bound;
    res.why = fmt::format("{} on the edge of the search box (params:)", fmt::join(bounds, " and "));
  } else {
    res.status = FitStatus::converged;
  }
  return res;
}

FitResult PatternFitter::fit_gm(const float* uin, const float* vin) const {
  Gm gm(*this);
  FitResult res;
  if (!(res.why = gm.load_u(uin)).empty()) return res;
  double delta = 0, jv = 0;
  Min1 mc, md;
  if (st_.input == FitInput::u) {
    gm.delta_from_u(mc, md, delta);
  } else {
    if (!vin) fail("fit: input uv needs v");
    if (!(res.why = gm.delta_from_v(vin, delta, jv)).empty()) return res;
    mc = gm.search_c();
    md.ok = true;
  }
  return gm.result(mc, md, delta, jv);
}

PatternFitter::BandModes PatternFitter::band_modes(const std::vector<std::complex<double>>& uh) const {
  const int n = n_, nh = n / 2 + 1;
  const double dk = 2.0 * M_PI / (n * phys_.dx);
  const auto k2 = spectral_k2(n, phys_.dx);
  std::vector<double> power(static_cast<std::size_t>(n), 0.0);  // radially summed, by |k| / dk
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < nh; ++j) {
      const std::size_t k = static_cast<std::size_t>(i) * nh + j;
      const auto m = static_cast<std::size_t>(std::lround(std::sqrt(k2[k]) / dk));
      if (m > 0 && m < power.size()) power[m] += r2c_weight(n, j) * std::norm(uh[k]);
    }
  const auto peak = static_cast<double>(std::max_element(power.begin(), power.end()) - power.begin());
  const double kc = st_.band * peak * dk;
  BandModes bm;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < nh; ++j) {
      const std::size_t k = static_cast<std::size_t>(i) * nh + j;
      if (k == 0 || k2[k] > kc * kc * (1 + 1e-12)) continue;
      bm.k.push_back(k);
      bm.w.push_back(r2c_weight(n, j));
    }
  return bm;
}

template <typename T>
std::vector<double> PatternFitter::apply_symbol(const T* x, const std::vector<double>& sym) const {
  const std::size_t cells = plan_->cells(), modes = plan_->modes();
  const double N = static_cast<double>(cells);
  auto r = fft_alloc<double>(cells);
  auto c = fft_alloc<fftw_complex>(modes);
  std::copy(x, x + cells, r.get());
  plan_->forward(r.get(), c.get());
  for (std::size_t k = 0; k < modes; ++k) c[k][0] *= sym[k] / N, c[k][1] *= sym[k] / N;
  plan_->inverse(c.get(), r.get());
  return std::vector<double>(r.get(), r.get() + cells);
}
template std::vector<double> PatternFitter::apply_symbol(const float*, const std::vector<double>&) const;
template std::vector<double> PatternFitter::apply_symbol(const double*, const std::vector<double>&) const;

double PatternFitter::stationary_residuals(const float* u, const double* v, const double* lu, const double* lv,
                                           const Params& p, double* r) const {
  const std::size_t cells = plan_->cells();
  const KineticsId kin = phys_.kinetics;
  const auto k = coefficients(kin, p);
  const double du = phys_.du(), dv = du * diffusion_ratio(kin, p);
  double sum = 0;
  with_kinetics(kin, [&](auto sys) {
    using K = decltype(sys);
    for (std::size_t i = 0; i < cells; ++i) {
      const double a = u[i], b = v[i];
      const double ru = du * lu[i] + K::f(a, b, k.data(), phys_.v_floor);
      const double rv = dv * lv[i] + K::g(a, b, k.data(), phys_.v_floor);
      if (r) r[i] = ru, r[cells + i] = rv;
      sum += ru * ru + rv * rv;
    }
  });
  return sum / static_cast<double>(cells);
}

double PatternFitter::residual(const float* u, const float* v, const Params& p, LaplacianKind lap) const {
  const auto sym = lap == st_.laplacian ? sym_ : laplacian_symbol(lap, n_, phys_.dx);
  const std::vector<double> vd(v, v + plan_->cells());
  const std::vector<double> lu = apply_symbol(u, sym), lv = apply_symbol(vd.data(), sym);
  return stationary_residuals(u, vd.data(), lu.data(), lv.data(), p, nullptr);
}

std::vector<double> PatternFitter::partner_v(const float* u, const double* lu, const Params& p) const {
  const std::size_t cells = plan_->cells();
  std::vector<double> v(cells);
  if (is_gierer_meinhardt(phys_.kinetics)) {
    const std::size_t modes = plan_->modes();
    auto r = fft_alloc<double>(cells);
    auto c = fft_alloc<fftw_complex>(modes);
    for (std::size_t i = 0; i < cells; ++i) r[i] = static_cast<double>(u[i]) * u[i];
    plan_->forward(r.get(), c.get());
    const double N = static_cast<double>(cells);
    for (std::size_t k = 0; k < modes; ++k) {
      const double m = 1.0 / ((1.0 - phys_.s * p[3] * sym_[k]) * N);
      c[k][0] *= m, c[k][1] *= m;
    }
    plan_->inverse(c.get(), r.get());
    for (std::size_t i = 0; i < cells; ++i) v[i] = static_cast<float>(r[i]);  // float, as it has always been
    return v;
  }
  const auto k = coefficients(phys_.kinetics, p);
  const double du = phys_.du();
  with_kinetics(phys_.kinetics, [&](auto sys) {
    using K = decltype(sys);
    if constexpr (!K::gierer_meinhardt)
      for (std::size_t i = 0; i < cells; ++i) v[i] = K::partner_v(u[i], du * lu[i], k.data(), phys_.v_floor);
  });
  return v;
}

double PatternFitter::residual_u(const float* u, const Params& p) const {
  const std::vector<double> lu = apply_symbol(u, sym_);
  const std::vector<double> v = partner_v(u, lu.data(), p);
  const std::vector<double> lv = apply_symbol(v.data(), sym_);
  return stationary_residuals(u, v.data(), lu.data(), lv.data(), p, nullptr);
}

}  // namespace press

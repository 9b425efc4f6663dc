// The physics fit for kinetics other than Gierer-Meinhardt (fit.hpp): Levenberg-Marquardt on
// log theta over the stationary residuals of every pixel, from (u, v) or from u and its steady
// partner v (PatternFitter::partner_v), with the identifiability check below. The linear algebra
// (the damped normal equations, the eigen-decomposition of J^T J) is Eigen's; the iteration is
// ours, because the identifiability policy acts inside it (docs/dependencies.md says why not Ceres).
#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

#include "press/core/error.hpp"
#include "press/fit/fit.hpp"
#include "press/sim/fftw_plan.hpp"

namespace press {

using Vec = Eigen::VectorXd;

// One fit_lm run on one pattern: its residual function, then the search's state.
struct PatternFitter::Lm {
  const PatternFitter& fit;
  const float* u;
  const bool from_u, band;
  const int np;
  const std::size_t cells;
  std::vector<double> lu, vd, lv;  // Lap u; v and Lap v (input uv)
  std::vector<std::size_t> modes;  // band: k = 0 and the band's modes, with their weights
  std::vector<double> weight, full;
  FftBuffer<double> rbuf;
  FftBuffer<fftw_complex> cbuf;
  std::size_t len = 0;  // of the residual vector
  long evals = 0;
  // The search: log theta x in the log box [lo, hi] (the starting grid's; the search is free).
  Vec lo, hi, x, x0, r, g;
  Eigen::MatrixXd jac, jtj;
  double obj = 0, mu = 1e-3, start_norm[2] = {0, 0};
  // Identifiability: the parameter held (-1: none), the flat direction w, and how it was found.
  int frozen = -1;
  Vec w;
  double ratio = 0, reached = 0;
  bool collapsed = false;

  Lm(const PatternFitter& f, const float* u_, const float* v);
  double residuals(const Vec& at, double* out);
  bool start();
  void jacobian();
  bool flat_direction();
  void freeze(const Vec& direction, const Vec& from);
  bool step(double* step_norm);
  bool outside(int j) const { return x[j] < lo[j] - std::log(1e3) || x[j] > hi[j] + std::log(1e3); }
  void block_norms(const Vec& v, double out[2]) const;
  FitResult result(bool converged) const;
};

PatternFitter::Lm::Lm(const PatternFitter& f, const float* u_, const float* v)
    : fit(f), u(u_), from_u(f.st_.input == FitInput::u), band(f.st_.denoise == FitDenoise::band),
      np(f.box_.size()), cells(f.plan_->cells()), rbuf(fft_alloc<double>(band ? cells : 0)),
      cbuf(fft_alloc<fftw_complex>(band ? f.plan_->modes() : 0)) {
  lu = fit.apply_symbol(u, fit.sym_);
  if (!from_u) vd.assign(v, v + cells), lv = fit.apply_symbol(vd.data(), fit.sym_);
  // denoise band: the residuals' Fourier coefficients on the band (band_modes) and on k = 0, which
  // holds every parameter that enters as a constant (Schnakenberg's a and b), each weighted by
  // sqrt(r2c weight) / N, so that the objective is the pixel mean of the band-passed R_u^2 + R_v^2.
  if (band) {
    std::copy(u, u + cells, rbuf.get());
    fit.plan_->forward(rbuf.get(), cbuf.get());
    std::vector<std::complex<double>> uh(fit.plan_->modes());
    for (std::size_t k = 0; k < uh.size(); ++k) uh[k] = {cbuf[k][0], cbuf[k][1]};
    const BandModes bm = fit.band_modes(uh);
    modes.push_back(0);
    weight.push_back(1.0);
    modes.insert(modes.end(), bm.k.begin(), bm.k.end());
    weight.insert(weight.end(), bm.w.begin(), bm.w.end());
    full.resize(2 * cells);
  }
  len = band ? 4 * modes.size() : 2 * cells;
  lo.resize(np), hi.resize(np);
  for (int j = 0; j < np; ++j) lo[j] = std::log(fit.box_.lo[j]), hi[j] = std::log(fit.box_.hi[j]);
}

// The residual vector at log theta `at` into out (if not null): R_u then R_v, pixel by pixel, or
// their band coefficients; returns its squared norm (the pixel mean of R_u^2 + R_v^2, or of the
// band-passed ones). From u alone, v is u's partner for theta (R_u = 0).
double PatternFitter::Lm::residuals(const Vec& at, double* out) {
  ++evals;
  double th[kMaxParams];
  for (int j = 0; j < np; ++j) th[j] = std::exp(at[j]);
  const Params p(th, np);
  double* pixels = band ? full.data() : out;
  double f = 0;
  if (!from_u) {
    f = fit.stationary_residuals(u, vd.data(), lu.data(), lv.data(), p, pixels);
  } else {
    const std::vector<double> pv = fit.partner_v(u, lu.data(), p), lpv = fit.apply_symbol(pv.data(), fit.sym_);
    f = fit.stationary_residuals(u, pv.data(), lu.data(), lpv.data(), p, pixels);
  }
  if (!band) return f;
  const double N = static_cast<double>(cells);
  f = 0;
  for (std::size_t e = 0; e < 2; ++e) {
    std::copy(full.data() + e * cells, full.data() + (e + 1) * cells, rbuf.get());
    fit.plan_->forward(rbuf.get(), cbuf.get());
    for (std::size_t m = 0; m < modes.size(); ++m) {
      const double sc = std::sqrt(weight[m]) / N, re = sc * cbuf[modes[m]][0], im = sc * cbuf[modes[m]][1];
      if (out) out[(2 * e * modes.size()) + 2 * m] = re, out[(2 * e * modes.size()) + 2 * m + 1] = im;
      f += re * re + im * im;
    }
  }
  return f;
}

// The start: the best point of a fit.grid^P grid over the log box; false if none is finite.
bool PatternFitter::Lm::start() {
  const int grid = fit.st_.grid;
  long points = 1;
  for (int j = 0; j < np; ++j) points *= grid;
  double best = INFINITY;
  Vec y(np);
  x = lo;
  for (long k = 0; k < points; ++k) {
    long rest = k;
    for (int j = 0; j < np; ++j, rest /= grid)
      y[j] = lo[j] + (hi[j] - lo[j]) * static_cast<double>(rest % grid) / (grid - 1);
    const double f = residuals(y, nullptr);
    if (f < best) best = f, x = y;
  }
  if (!std::isfinite(best)) return false;
  r.resize(static_cast<Eigen::Index>(len));
  obj = residuals(x, r.data());
  x0 = x;
  block_norms(r, start_norm);
  return true;
}

// The norms of the R_u and R_v blocks of v (pixels or band coefficients: each half).
void PatternFitter::Lm::block_norms(const Vec& v, double out[2]) const {
  const auto half = static_cast<Eigen::Index>(len / 2);
  out[0] = v.head(half).norm();
  out[1] = v.tail(half).norm();
}

// The central-difference Jacobian at x (step 1e-5 in log theta), J^T J and the gradient J^T r.
void PatternFitter::Lm::jacobian() {
  const double h = 1e-5;
  const auto n = static_cast<Eigen::Index>(len);
  jac.resize(n, np);
  Vec rp(n), rm(n);
  for (int j = 0; j < np; ++j) {
    Vec y = x;
    y[j] = x[j] + h;
    residuals(y, rp.data());
    y[j] = x[j] - h;
    residuals(y, rm.data());
    jac.col(j) = (rp - rm) / (2 * h);
  }
  jtj = jac.transpose() * jac;
  g = jac.transpose() * r;
}

// Identifiability: J^T J scaled to unit diagonal (so that the test does not depend on the
// parameters' units); its smallest eigenvalue below 1e-6 of the largest is a direction w the
// residuals do not determine. Along such a direction the objective can also fall by shrinking
// the residual itself (Lengyel-Epstein's R_v scales with (b, d) along (kb, kd), and with noise it
// falls toward b, d -> 0), so the parameter that w moves most is frozen (freeze).
bool PatternFitter::Lm::flat_direction() {
  const Vec d = jtj.diagonal().cwiseMax(1e-300).cwiseSqrt();
  const Eigen::MatrixXd scaled = d.asDiagonal().inverse() * jtj * d.asDiagonal().inverse();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(scaled);  // ascending eigenvalues
  const Vec& val = eig.eigenvalues();
  if (!(val[0] < 1e-6 * val[np - 1])) return false;
  ratio = val[0] / val[np - 1];
  freeze(eig.eigenvectors().col(0).cwiseQuotient(d), x);
  return true;
}

// Hold the parameter that `direction` moves most at its log box centre, the others from `from`,
// and restart the damping there. w keeps the direction, signed so that that parameter's is > 0.
void PatternFitter::Lm::freeze(const Vec& direction, const Vec& from) {
  Eigen::Index k = 0;
  direction.cwiseAbs().maxCoeff(&k);
  frozen = static_cast<int>(k);
  w = direction / direction[k];
  x = from;
  x[frozen] = 0.5 * (lo[frozen] + hi[frozen]);
  obj = residuals(x, r.data());
  mu = 1e-3;
}

// One Levenberg-Marquardt step from x (at most 30 dampings); false when none descends. On noisy
// patterns a degeneracy shows differently: the residual no longer vanishes at the truth, so the
// search runs along the direction to where one equation's residual vanishes trivially
// (Lengyel-Epstein: b, d -> 0 together, R_v -> 0). A step more than 1000 times out of the box
// after which the R_u or the R_v block is below 1e-6 of its start (the R_v block only from u
// alone, whose R_u is zero by construction) is taken as that: the run's direction x - x0 is the
// undetermined one, frozen as above with the search restarting from x0. A run out of the box
// without such a collapse (e.g. d -> 0, which silences a noisy d Lap v) stays a failure.
bool PatternFitter::Lm::step(double* step_norm) {
  Vec rp(static_cast<Eigen::Index>(len));
  for (int tries = 0; tries < 30; ++tries) {
    Eigen::MatrixXd m = jtj;
    m.diagonal() += mu * jtj.diagonal().cwiseMax(1e-300);
    Vec b = -g;
    if (frozen >= 0) {  // dx[frozen] = 0
      m.row(frozen).setZero(), m.col(frozen).setZero();
      m(frozen, frozen) = 1, b[frozen] = 0;
    }
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(m);
    if (!lu.isInvertible()) {
      mu *= 10;
      continue;
    }
    const Vec dx = lu.solve(b), y = x + dx;
    *step_norm = dx.cwiseAbs().maxCoeff();
    const double fy = residuals(y, rp.data());
    if (!(fy <= obj)) {
      mu *= 10;
      continue;
    }
    x = y, r.swap(rp), obj = fy;
    mu = std::max(mu / 10, 1e-12);
    double now[2];
    block_norms(r, now);
    const bool collapse = (!from_u && now[0] < 1e-6 * start_norm[0]) || now[1] < 1e-6 * start_norm[1];
    bool out = false;
    for (int j = 0; j < np; ++j) out = out || outside(j);
    if (frozen < 0 && collapse && out) {
      collapsed = true;
      const Vec run = x - x0;
      Eigen::Index k = 0;
      run.cwiseAbs().maxCoeff(&k);
      reached = std::exp(x[k]);
      freeze(run, x0);
    }
    return true;
  }
  return false;
}

// The estimate, its status and why.
FitResult PatternFitter::Lm::result(bool converged) const {
  const ParamRanges& box = fit.box_;
  FitResult res;
  res.params = Params(x.data(), np);
  for (int j = 0; j < np; ++j) res.params[j] = std::exp(x[j]);
  res.objective = obj;
  res.evals = evals;
  if (!std::isfinite(obj)) {
    res.why = "the objective at the optimum is not finite";
    return res;
  }
  for (int j = 0; j < np; ++j)  // ran off: e.g. toward d = 0 on a noisy pattern
    if (outside(j)) {
      res.why = fmt::format("{} = {:.3g}: more than 1000 times outside the box [{:g}, {:g}] (a degenerate solution)",
                            box.names[j], res.params[j], box.lo[j], box.hi[j]);
      return res;
    }
  if (!converged) {
    res.why = fmt::format("no convergence within 200 Levenberg-Marquardt iterations and fit.max_evals ({}); {} evals",
                          fit.st_.max_evals, evals);
    return res;
  }
  if (frozen < 0) {
    res.status = FitStatus::converged;
    return res;
  }
  // The flat direction w in log theta: every product prod theta_j^(c_j) with sum c_j w_j = 0 is
  // determined (Lengyel-Epstein: w ~ (0, 1, 1), so d/b). Name the parameters it moves.
  std::vector<std::string> involved;
  std::string dir;
  for (int j = 0; j < np; ++j) {
    if (std::fabs(w[j]) < 0.05) continue;
    involved.push_back(box.names[j]);
    dir += fmt::format("{}{:+.3g} log {}", dir.empty() ? "" : " ", w[j], box.names[j]);
  }
  res.status = FitStatus::unidentified;
  const std::string& fz = box.names[static_cast<std::size_t>(frozen)];
  res.why = collapsed
      ? fmt::format("{} not identifiable separately: a residual vanishes trivially along ({}) ({} ran to {:.3g}); {} "
                    "held at its box's log centre",
                    fmt::join(involved, " and "), dir, fz, reached, fz)
      : fmt::format("{} not identifiable separately: the residual is flat along ({}) (J^T J eigenvalue ratio {:.1e}); "
                    "{} held at its box's log centre",
                    fmt::join(involved, " and "), dir, ratio, fz);
  return res;
}

FitResult PatternFitter::fit_lm(const float* u, const float* v) const {
  const bool from_u = st_.input == FitInput::u;
  if (!from_u && !v) fail("fit: input uv needs v");
  FitResult res;
  for (std::size_t i = 0; i < plan_->cells(); ++i)
    if (!std::isfinite(u[i]) || (!from_u && !std::isfinite(v[i]))) {
      res.why = from_u ? "u has a NaN or Inf" : "u or v has a NaN or Inf";
      return res;
    }
  Lm lm(*this, u, v);
  if (!lm.start()) {
    res.why = "the objective is not finite anywhere on the starting grid";
    return res;
  }
  bool converged = false;
  for (int it = 0; it < 200 && lm.evals < st_.max_evals; ++it) {
    lm.jacobian();
    if (lm.frozen < 0 && lm.flat_direction()) continue;  // a new Jacobian at the moved point
    double step_norm = 0;
    if (!lm.step(&step_norm) || step_norm < st_.xtol) {  // no descent left, or converged
      converged = true;
      break;
    }
  }
  return lm.result(converged);
}

}  // namespace press

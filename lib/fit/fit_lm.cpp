// The physics fit for kinetics other than Gierer-Meinhardt (fit.hpp): Levenberg-Marquardt on
// log theta over the stationary residuals of every pixel, from (u, v) or from u and its steady
// partner v (PatternFitter::partner_v).
#include <algorithm>
#include <cmath>

#include "press/core/error.hpp"
#include "press/fit/fit.hpp"
#include "press/sim/fftw_plan.hpp"

namespace press {

namespace {

// Eigen-decomposition of a symmetric P x P matrix (cyclic Jacobi; P <= kMaxParams).
struct Eigen {
  double value[kMaxParams];
  double vector[kMaxParams][kMaxParams];  // vector[j] is the eigenvector of value[j]
};
Eigen symmetric_eigen(double a[kMaxParams][kMaxParams], int p) {
  Eigen e{};
  double v[kMaxParams][kMaxParams] = {};
  for (int i = 0; i < p; ++i) v[i][i] = 1;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0;
    for (int i = 0; i < p; ++i)
      for (int j = i + 1; j < p; ++j) off += a[i][j] * a[i][j];
    if (off < 1e-300) break;
    for (int i = 0; i < p; ++i)
      for (int j = i + 1; j < p; ++j) {
        if (a[i][j] == 0) continue;
        const double th = 0.5 * std::atan2(2 * a[i][j], a[j][j] - a[i][i]);
        const double c = std::cos(th), s = std::sin(th);
        for (int k = 0; k < p; ++k) {  // A <- A G, then G^T A
          const double x = a[k][i], y = a[k][j];
          a[k][i] = c * x - s * y;
          a[k][j] = s * x + c * y;
        }
        for (int k = 0; k < p; ++k) {
          const double x = a[i][k], y = a[j][k];
          a[i][k] = c * x - s * y;
          a[j][k] = s * x + c * y;
        }
        for (int k = 0; k < p; ++k) {
          const double x = v[k][i], y = v[k][j];
          v[k][i] = c * x - s * y;
          v[k][j] = s * x + c * y;
        }
      }
  }
  for (int j = 0; j < p; ++j) {
    e.value[j] = a[j][j];
    for (int k = 0; k < p; ++k) e.vector[j][k] = v[k][j];
  }
  return e;
}

// Solve the P x P system m x = b (Gaussian elimination, partial pivoting); false if singular.
bool solve(double m[kMaxParams][kMaxParams], double b[kMaxParams], int p, double x[kMaxParams]) {
  for (int c = 0; c < p; ++c) {
    int piv = c;
    for (int r = c + 1; r < p; ++r)
      if (std::fabs(m[r][c]) > std::fabs(m[piv][c])) piv = r;
    if (!(std::fabs(m[piv][c]) > 0)) return false;
    std::swap(m[c], m[piv]);
    std::swap(b[c], b[piv]);
    for (int r = c + 1; r < p; ++r) {
      const double f = m[r][c] / m[c][c];
      for (int k = c; k < p; ++k) m[r][k] -= f * m[c][k];
      b[r] -= f * b[c];
    }
  }
  for (int r = p - 1; r >= 0; --r) {
    double s = b[r];
    for (int k = r + 1; k < p; ++k) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return true;
}

}  // namespace

FitResult PatternFitter::fit_lm(const float* u, const float* v) const {
  FitResult res;
  const bool from_u = st_.input == FitInput::u;
  if (!from_u && !v) fail("fit: input uv needs v");
  const int np = box_.size();
  const std::size_t cells = plan_->cells();
  for (std::size_t i = 0; i < cells; ++i)
    if (!std::isfinite(u[i]) || (!from_u && !std::isfinite(v[i]))) {
      res.why = from_u ? "u has a NaN or Inf" : "u or v has a NaN or Inf";
      return res;
    }
  const std::vector<double> lu = apply_symbol(u, sym_);
  const std::vector<double> vd = from_u ? std::vector<double>() : std::vector<double>(v, v + cells);
  const std::vector<double> lv = from_u ? std::vector<double>() : apply_symbol(vd.data(), sym_);

  // denoise band: the residuals' Fourier coefficients on the band (band_modes) and on k = 0, which
  // holds every parameter that enters as a constant (Schnakenberg's a and b), each weighted by
  // sqrt(r2c weight) / N, so that the objective is the pixel mean of the band-passed R_u^2 + R_v^2.
  const bool band = st_.denoise == FitDenoise::band;
  std::vector<std::size_t> modes;
  std::vector<double> weight;
  auto rbuf = fft_alloc<double>(band ? cells : 0);
  auto cbuf = fft_alloc<fftw_complex>(band ? plan_->modes() : 0);
  if (band) {
    std::copy(u, u + cells, rbuf.get());
    plan_->forward(rbuf.get(), cbuf.get());
    std::vector<std::complex<double>> uh(plan_->modes());
    for (std::size_t k = 0; k < uh.size(); ++k) uh[k] = {cbuf[k][0], cbuf[k][1]};
    BandModes bm = band_modes(uh);
    modes.push_back(0);
    weight.push_back(1.0);
    modes.insert(modes.end(), bm.k.begin(), bm.k.end());
    weight.insert(weight.end(), bm.w.begin(), bm.w.end());
  }
  const std::size_t len = band ? 4 * modes.size() : 2 * cells;  // the residual vector's length
  std::vector<double> full(band ? 2 * cells : 0);
  long evals = 0;
  // The residual vector at log theta x into r (if not null): R_u then R_v, pixel by pixel, or
  // their band coefficients; returns its squared norm (the pixel mean of R_u^2 + R_v^2, or of the
  // band-passed ones). From u alone, v is u's partner for theta (R_u = 0).
  auto residuals = [&](const double* x, double* r) {
    ++evals;
    double th[kMaxParams];
    for (int j = 0; j < np; ++j) th[j] = std::exp(x[j]);
    const Params p(th, np);
    double* pixels = band ? full.data() : r;
    double f = 0;
    if (!from_u) {
      f = stationary_residuals(u, vd.data(), lu.data(), lv.data(), p, pixels);
    } else {
      const std::vector<double> pv = partner_v(u, lu.data(), p), lpv = apply_symbol(pv.data(), sym_);
      f = stationary_residuals(u, pv.data(), lu.data(), lpv.data(), p, pixels);
    }
    if (!band) return f;
    const double N = static_cast<double>(cells);
    f = 0;
    for (int e = 0; e < 2; ++e) {
      std::copy(full.data() + e * cells, full.data() + (e + 1) * cells, rbuf.get());
      plan_->forward(rbuf.get(), cbuf.get());
      for (std::size_t m = 0; m < modes.size(); ++m) {
        const double sc = std::sqrt(weight[m]) / N, re = sc * cbuf[modes[m]][0], im = sc * cbuf[modes[m]][1];
        if (r) r[(2 * e * modes.size()) + 2 * m] = re, r[(2 * e * modes.size()) + 2 * m + 1] = im;
        f += re * re + im * im;
      }
    }
    return f;
  };

  // Start: the best point of a fit.grid^P grid over the log box.
  double x[kMaxParams] = {}, lo[kMaxParams], hi[kMaxParams];
  for (int j = 0; j < np; ++j) lo[j] = std::log(box_.lo[j]), hi[j] = std::log(box_.hi[j]);
  long points = 1;
  for (int j = 0; j < np; ++j) points *= st_.grid;
  double best = INFINITY;
  for (long g = 0; g < points; ++g) {
    double y[kMaxParams];
    long rest = g;
    for (int j = 0; j < np; ++j, rest /= st_.grid)
      y[j] = lo[j] + (hi[j] - lo[j]) * static_cast<double>(rest % st_.grid) / (st_.grid - 1);
    const double f = residuals(y, nullptr);
    if (f < best) best = f, std::copy(y, y + np, x);
  }
  if (!std::isfinite(best)) {
    res.why = "the objective is not finite anywhere on the starting grid";
    return res;
  }

  // Levenberg-Marquardt with a central-difference Jacobian (step 1e-5 in log theta).
  std::vector<double> r(len), rp(len), rm(len);
  std::vector<double> jac(static_cast<std::size_t>(np) * len);
  double f = residuals(x, r.data()), mu = 1e-3, jtj[kMaxParams][kMaxParams];
  bool ok = false;
  const double h = 1e-5;
  // The norms of the R_u and R_v blocks of r (pixels or band coefficients: each half of r).
  auto block_norms = [&](const std::vector<double>& v, double out[2]) {
    for (int e = 0; e < 2; ++e) {
      out[e] = 0;
      for (std::size_t i = e * len / 2; i < (e + 1) * len / 2; ++i) out[e] += v[i] * v[i];
      out[e] = std::sqrt(out[e]);
    }
  };
  double x0[kMaxParams], start_norm[2];
  std::copy(x, x + np, x0);
  block_norms(r, start_norm);
  auto outside = [&](int j) { return x[j] < lo[j] - std::log(1e3) || x[j] > hi[j] + std::log(1e3); };
  // Identifiability: the Gauss-Newton matrix jtj, scaled to unit diagonal so that the test does
  // not depend on the parameters' units; its smallest eigenvalue below 1e-6 of the largest is a
  // direction w the residuals do not determine. Checked at every iterate until one is found:
  // along such a direction the objective can also fall by shrinking the residual itself
  // (Lengyel-Epstein's R_v scales with (b, d) along (kb, kd), and with noise it falls toward b,
  // d -> 0), so the parameter that w moves most is then frozen at its log box centre (where else
  // the pattern cannot tell) and the others are fitted around it.
  // On noisy patterns the same degeneracy shows differently: the residual no longer vanishes at
  // the truth, so the search runs along the direction to where one equation's residual vanishes
  // trivially (Lengyel-Epstein: b, d -> 0 together, R_v -> 0). A run more than 1000 times out of
  // the box during which the R_u or the R_v block fell below 1e-6 of its start is taken as that
  // (the R_v block only from u alone, whose R_u is zero by construction):
  // the direction of the run, w = x - x0, is the undetermined one, and the parameter it moved most
  // is frozen at its log box centre, the search restarting from x0. A run out of the box without
  // such a collapse (e.g. d -> 0, which silences a noisy d Lap v) stays a failure.
  Eigen e{};
  int jmin = 0, jmax = 0, frozen = -1;
  double w[kMaxParams] = {}, ratio = 0, reached = 0;
  bool collapsed = false;
  auto degenerate = [&] {
    double sc[kMaxParams][kMaxParams];
    for (int a = 0; a < np; ++a)
      for (int b = 0; b < np; ++b) sc[a][b] = jtj[a][b] / std::sqrt(std::max(jtj[a][a] * jtj[b][b], 1e-300));
    e = symmetric_eigen(sc, np);
    jmin = jmax = 0;
    for (int j = 1; j < np; ++j) {
      if (e.value[j] < e.value[jmin]) jmin = j;
      if (e.value[j] > e.value[jmax]) jmax = j;
    }
    return e.value[jmin] < 1e-6 * e.value[jmax];
  };
  for (int it = 0; it < 200 && evals < st_.max_evals; ++it) {
    for (int j = 0; j < np; ++j) {
      double y[kMaxParams];
      std::copy(x, x + np, y);
      y[j] = x[j] + h;
      residuals(y, rp.data());
      y[j] = x[j] - h;
      residuals(y, rm.data());
      for (std::size_t i = 0; i < len; ++i) jac[j * len + i] = (rp[i] - rm[i]) / (2 * h);
    }
    double g[kMaxParams];
    for (int a = 0; a < np; ++a) {
      g[a] = 0;
      for (std::size_t i = 0; i < len; ++i) g[a] += jac[a * len + i] * r[i];
      for (int b = 0; b < np; ++b) {
        double s = 0;
        for (std::size_t i = 0; i < len; ++i) s += jac[a * len + i] * jac[b * len + i];
        jtj[a][b] = s;
      }
    }
    if (frozen < 0 && degenerate()) {
      ratio = e.value[jmin] / e.value[jmax];
      frozen = 0;
      for (int j = 0; j < np; ++j) {
        w[j] = e.vector[jmin][j] / std::sqrt(std::max(jtj[j][j], 1e-300));
        if (std::fabs(w[j]) > std::fabs(w[frozen])) frozen = j;
      }
      x[frozen] = 0.5 * (lo[frozen] + hi[frozen]);
      f = residuals(x, r.data());
      mu = 1e-3;
      continue;  // a new Jacobian at the moved point
    }
    bool improved = false;
    double step_norm = 0;
    for (int tries = 0; tries < 30 && !improved; ++tries) {
      double m[kMaxParams][kMaxParams], b[kMaxParams], dx[kMaxParams];
      for (int a = 0; a < np; ++a) {
        for (int c = 0; c < np; ++c) m[a][c] = jtj[a][c];
        m[a][a] += mu * std::max(jtj[a][a], 1e-300);
        b[a] = -g[a];
      }
      if (frozen >= 0) {  // dx[frozen] = 0
        for (int c = 0; c < np; ++c) m[frozen][c] = m[c][frozen] = 0;
        m[frozen][frozen] = 1;
        b[frozen] = 0;
      }
      if (!solve(m, b, np, dx)) {
        mu *= 10;
        continue;
      }
      double y[kMaxParams];
      step_norm = 0;
      for (int j = 0; j < np; ++j) y[j] = x[j] + dx[j], step_norm = std::max(step_norm, std::fabs(dx[j]));
      const double fy = residuals(y, rp.data());
      if (fy <= f) {
        std::copy(y, y + np, x);
        r.swap(rp);
        f = fy;
        mu = std::max(mu / 10, 1e-12);
        improved = true;
        double now[2];
        block_norms(r, now);
        // (from u alone, R_u = 0 by construction: only R_v can collapse)
        if (frozen < 0 && ((!from_u && now[0] < 1e-6 * start_norm[0]) || now[1] < 1e-6 * start_norm[1]))
          for (int j = 0; j < np; ++j)
            if (outside(j)) {
              collapsed = true;
              frozen = 0;
              for (int k = 0; k < np; ++k) {
                w[k] = x[k] - x0[k];
                if (std::fabs(w[k]) > std::fabs(w[frozen])) frozen = k;
              }
              reached = std::exp(x[frozen]);
              std::copy(x0, x0 + np, x);
              x[frozen] = 0.5 * (lo[frozen] + hi[frozen]);
              f = residuals(x, r.data());
              mu = 1e-3;
              break;
            }
      } else {
        mu *= 10;
      }
    }
    if (!improved || step_norm < st_.xtol) {  // no descent left, or converged
      ok = true;
      break;
    }
  }
  res.params = Params(x, np);
  for (int j = 0; j < np; ++j) res.params[j] = std::exp(x[j]);
  res.objective = f;
  res.evals = evals;
  if (!std::isfinite(f)) {
    res.why = "the objective at the optimum is not finite";
    return res;
  }
  for (int j = 0; j < np; ++j)  // ran off: e.g. toward d = 0 on a noisy pattern
    if (outside(j)) {
      res.why = fmt::format("{} = {:.3g}: more than 1000 times outside the box [{:g}, {:g}] (a degenerate solution)",
                            box_.names[j], res.params[j], box_.lo[j], box_.hi[j]);
      return res;
    }
  if (!ok) {
    res.why = fmt::format("no convergence within 200 Levenberg-Marquardt iterations and fit.max_evals ({}); {} evals",
                          st_.max_evals, evals);
    return res;
  }
  if (frozen >= 0) {
    // The flat direction w in log theta: every product prod theta_j^(c_j) with sum c_j w_j = 0
    // is determined (Lengyel-Epstein: w ~ (0, 1, 1), so d/b). Name the parameters it moves.
    std::vector<std::string> involved;
    std::string dir;
    double wmax = 0;
    for (int j = 0; j < np; ++j) wmax = std::max(wmax, std::fabs(w[j]));
    for (int j = 0; j < np; ++j) {
      if (std::fabs(w[j] / wmax) < 0.05) continue;
      involved.push_back(box_.names[j]);
      dir += fmt::format("{}{:+.3g} log {}", dir.empty() ? "" : " ", w[j] / wmax, box_.names[j]);
    }
    res.status = FitStatus::unidentified;
    const std::string& fz = box_.names[static_cast<std::size_t>(frozen)];
    res.why = collapsed
        ? fmt::format("{} not identifiable separately: a residual vanishes trivially along ({}) ({} ran to {:.3g}); {} "
                      "held at its box's log centre",
                      fmt::join(involved, " and "), dir, fz, reached, fz)
        : fmt::format("{} not identifiable separately: the residual is flat along ({}) (J^T J eigenvalue ratio {:.1e}); "
                      "{} held at its box's log centre",
                      fmt::join(involved, " and "), dir, ratio, fz);
    return res;
  }
  res.status = FitStatus::converged;
  return res;
}

}  // namespace press

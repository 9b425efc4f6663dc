#include "press/discover/kinetics_discovery.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <unsupported/Eigen/NonLinearOptimization>
#include <unsupported/Eigen/NumericalDiff>

#include "press/core/error.hpp"
#include "press/core/rng.hpp"
#include "press/io/shard_io.hpp"
#include "press/sim/solver.hpp"

namespace press {

namespace {

// lap u + lap v, then the monomials u^i v^j, i + j <= 3, by degree.
const std::vector<std::string> kTerms{"lap u", "lap v", "1",   "u",     "v",     "u^2",
                                      "u v",   "v^2",   "u^3", "u^2 v", "u v^2", "v^3"};
constexpr int kFirstMonomial = 2;  // the column of the monomial 1

void monomials(double u, double v, double* out) {
  const double m[] = {1, u, v, u * u, u * v, v * v, u * u * u, u * u * v, u * v * v, v * v * v};
  std::copy(std::begin(m), std::end(m), out);
}

double radical_inverse(int base, int i) {
  double f = 1, r = 0;
  for (; i > 0; i /= base) f /= base, r += f * (i % base);
  return r;
}

// The scaled residuals of one kinetics at log-parameters x = (log theta, log D_u).
struct SelectionFunctor {
  using Scalar = double;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;
  const FrameDerivatives* d;
  const TestFunctions* tf;
  KineticsId k;
  int P;
  Eigen::VectorXd ut, vt, lap_u, lap_v;  // integrated against tf
  double su, sv;                         // RMS of ut, vt
  int inputs() const { return P + 1; }
  int values() const { return static_cast<int>(2 * tf->rows()); }
  Params theta(const Eigen::VectorXd& x) const {
    std::vector<double> v(static_cast<std::size_t>(P));
    for (int j = 0; j < P; ++j) v[static_cast<std::size_t>(j)] = std::exp(x(j));
    return Params(v.data(), P);
  }
  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& r) const {
    const Params th = theta(x);
    const double du = std::exp(x(P)), dv = du * diffusion_ratio(k, th);
    const auto c = coefficients(k, th);
    const long n = d->u.size(), m = tf->rows();
    Eigen::VectorXd f(n), g(n);
    with_kinetics(k, [&](auto sys) {
      using S = decltype(sys);
      for (long i = 0; i < n; ++i) {
        f(i) = S::f(d->u(i), d->v(i), c.data(), d->v_floor);
        g(i) = S::g(d->u(i), d->v(i), c.data(), d->v_floor);
      }
    });
    r.head(m) = (ut - du * lap_u - tf->apply(f)) / su;
    r.tail(m) = (vt - dv * lap_v - tf->apply(g)) / sv;
    for (long i = 0; i < 2 * m; ++i)
      if (!std::isfinite(r(i))) r(i) = 1e6;  // MINPACK cannot step back from a NaN
    return 0;
  }
};

// (1 - (k / (w + 1))^2)^2 for k = -w..w, summing to 1.
std::vector<double> bump(int w) {
  std::vector<double> b;
  double sum = 0;
  for (int k = -w; k <= w; ++k) {
    const double q = 1 - (k / (w + 1.0)) * (k / (w + 1.0));
    b.push_back(q * q);
    sum += q * q;
  }
  for (double& x : b) x /= sum;
  return b;
}

double rms(const Eigen::VectorXd& x) { return std::sqrt(x.squaredNorm() / static_cast<double>(x.size())); }
double mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return x.empty() ? NAN : s / static_cast<double>(x.size());
}

}  // namespace

double noise_sigma(const float* frames, std::size_t count, std::size_t cells) {
  if (count < 3 || cells == 0) fail("noise_sigma: {} frames of {} cells: expected at least 3 frames", count, cells);
  std::vector<double> ms;
  for (std::size_t k = 1; k + 1 < count; ++k) {
    const float* a = frames + (k - 1) * cells;
    const float* b = a + cells;
    const float* c = b + cells;
    double s = 0;
    for (std::size_t i = 0; i < cells; ++i) {
      const double e = static_cast<double>(c[i]) - 2.0 * b[i] + a[i];
      s += e * e;
    }
    ms.push_back(s / static_cast<double>(cells));
  }
  const std::size_t mid = ms.size() / 2;
  std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(mid), ms.end());
  double med = ms[mid];
  if (ms.size() % 2 == 0) med = 0.5 * (med + *std::max_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(mid)));
  return std::sqrt(med / 6);
}

FrameDerivatives frame_derivatives(const std::string& shard, const std::vector<std::size_t>& rows, double level,
                                   std::uint32_t seed, const SimexNoise* extra) {
  ShardAttrs attrs;
  const Shard<float> sh = read_shard<float>(shard, &attrs, nullptr, false);
  const GridPhysics g = grid_physics_of(attrs, shard);
  std::vector<std::size_t> use = rows;
  if (use.empty())
    for (std::size_t i = 0; i < sh.count(); ++i)
      if (sh.results[i].status == Status::ok) use.push_back(i);
  if (use.empty()) fail("{}: no ok trajectory: expected at least one to discover from", shard);
  FrameDerivatives d;
  d.truth = g.kinetics;
  d.s = g.s;
  d.v_floor = g.v_floor;
  std::vector<double> u, v, lu, lv, ut, vt;
  for (std::size_t r : use) {
    if (r >= sh.count()) fail("{}: row {}: expected one of the shard's {} rows", shard, r, sh.count());
    if (sh.results[r].status != Status::ok)
      fail("{}: row {}: status {}: expected an ok trajectory", shard, r, status_name(sh.results[r].status));
    const Params& p = sh.params[r];
    if (r == use.front()) d.theta = p;
    if (!std::equal(p.begin(), p.end(), d.theta.begin(), d.theta.end()))
      fail("{}: row {}: other parameters than row {}: expected trajectories of one parameter set (choose rows)", shard, r,
           use.front());
    Trajectory<float> tr = read_trajectory<float>(shard, r);
    const std::size_t F = tr.frames();
    if (F < 3) fail("{}: row {}: {} frames: expected at least 3 (simulate.frame_every > 0)", shard, r, F);
    const int n = tr.n;
    const std::size_t cells = static_cast<std::size_t>(n) * n;
    add_observation_noise(seed, Stream::observation_noise_u, sh.id[r], level, tr.u.data(), tr.u.size());
    add_observation_noise(seed, Stream::observation_noise_v, sh.id[r], level, tr.v.data(), tr.v.size());
    if (!extra) {  // (a SIMEX draw reuses the estimates of the data as observed)
      d.sigma_u.push_back(noise_sigma(tr.u.data(), F, cells));
      d.sigma_v.push_back(noise_sigma(tr.v.data(), F, cells));
    } else {  // the same draw for every zeta, scaled
      const auto t = static_cast<std::size_t>(d.trajectories);
      const std::uint64_t id = sh.id[r] + (static_cast<std::uint64_t>(extra->draw) << 40);
      std::vector<double> z(tr.u.size());
      for (int e = 0; e < 2; ++e) {
        std::vector<float>& x = e ? tr.v : tr.u;
        const double sigma = std::sqrt(extra->zeta) * (e ? extra->sigma_v : extra->sigma_u).at(t);
        gaussian_noise<double>(seed, e ? Stream::simex_noise_v : Stream::simex_noise_u, id, sigma, z.data(), z.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(x[i] + z[i]);
      }
    }
    // In double: the frames as stored (float), their differences and Laplacians without rounding.
    const std::vector<double> U(tr.u.begin(), tr.u.end()), V(tr.v.begin(), tr.v.end());
    std::vector<double> LU(cells), LV(cells);
    const double h2 = g.dx * g.dx;
    for (std::size_t f = 1; f + 1 < F; ++f) {
      const double span = tr.times[f + 1] - tr.times[f - 1];
      const std::size_t at = f * cells, before = at - cells, after = at + cells;
      laplacian9(U.data() + at, n, LU.data());
      laplacian9(V.data() + at, n, LV.data());
      for (std::size_t c = 0; c < cells; ++c) {
        u.push_back(U[at + c]);
        v.push_back(V[at + c]);
        lu.push_back(LU[c] / h2);
        lv.push_back(LV[c] / h2);
        ut.push_back((U[after + c] - U[before + c]) / span);
        vt.push_back((V[after + c] - V[before + c]) / span);
      }
    }
    if (d.trajectories > 0 && (static_cast<long>(F - 2) != d.frames || n != d.n))
      fail("{}: row {}: {} frames of {}^2: expected every trajectory's frames alike ({} of {}^2)", shard, r, F, n,
           d.frames + 2, d.n);
    d.frames = static_cast<long>(F - 2);
    d.n = n;
    d.frame_dt = tr.times[1] - tr.times[0];
    ++d.trajectories;
  }
  auto vec = [](const std::vector<double>& x) { return Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<long>(x.size())); };
  d.u = vec(u), d.v = vec(v), d.lap_u = vec(lu), d.lap_v = vec(lv), d.ut = vec(ut), d.vt = vec(vt);
  return d;
}

TestFunctions::TestFunctions(const FrameDerivatives& d, int w, int wt)
    : n_(d.n), w_(w), wt_(wt), stride_(std::max(w, 1)), stride_t_(std::max(wt, 1)), frames_(d.frames),
      trajectories_(d.trajectories), phi_(bump(std::max(w, 0))), psi_(bump(std::max(wt, 0))) {
  if (w < 0 || wt < 0) fail("weak form: width {} cells, {} frames: expected both >= 0", w, wt);
  if (2 * w + 1 > n_) fail("weak form: width {} cells: expected a window (2 w + 1 cells) inside the {}^2 grid", w, n_);
  if (2L * wt + 1 > frames_)
    fail("weak form: {} frames: expected a window (2 wt + 1 frames) inside the trajectory's {} interior frames", wt,
         frames_);
  centres_t_ = (frames_ - 2L * wt - 1) / stride_t_ + 1;
  const long cs = (n_ + stride_ - 1) / stride_;
  rows_ = trajectories_ * centres_t_ * cs * cs;
}

Eigen::VectorXd TestFunctions::apply(const Eigen::VectorXd& column) const {
  if (w_ == 0 && wt_ == 0) return column;
  const long cells = static_cast<long>(n_) * n_;
  Eigen::VectorXd out(rows_);
  std::vector<double> t(static_cast<std::size_t>(cells)), x(static_cast<std::size_t>(cells));
  long o = 0;
  for (long tr = 0; tr < trajectories_; ++tr)
    for (long ct = 0; ct < centres_t_; ++ct) {
      const long first = tr * frames_ + ct * stride_t_;  // the window's first frame
      std::fill(t.begin(), t.end(), 0.0);
      for (int e = 0; e <= 2 * wt_; ++e) {
        const double* f = column.data() + (first + e) * cells;
        for (long c = 0; c < cells; ++c) t[static_cast<std::size_t>(c)] += psi_[static_cast<std::size_t>(e)] * f[c];
      }
      for (int y = 0; y < n_; ++y)  // along x, every row
        for (int cx = 0; cx < n_; ++cx) {
          double acc = 0;
          for (int b = -w_; b <= w_; ++b)
            acc += phi_[static_cast<std::size_t>(b + w_)] * t[static_cast<std::size_t>(y * n_ + (cx + b + n_) % n_)];
          x[static_cast<std::size_t>(y * n_ + cx)] = acc;
        }
      for (int cy = 0; cy < n_; cy += stride_)  // along y, at the centres only
        for (int cx = 0; cx < n_; cx += stride_) {
          double acc = 0;
          for (int a = -w_; a <= w_; ++a)
            acc += phi_[static_cast<std::size_t>(a + w_)] * x[static_cast<std::size_t>(((cy + a + n_) % n_) * n_ + cx)];
          out(o++) = acc;
        }
    }
  return out;
}

SindyProblem two_species_problem(const FrameDerivatives& d, bool v_equation, const TestFunctions& tf) {
  SindyProblem p;
  p.names = kTerms;
  const long rows = d.u.size();
  Eigen::MatrixXd m(rows, 10);
  for (long i = 0; i < rows; ++i) {
    double mi[10];
    monomials(d.u(i), d.v(i), mi);
    for (int k = 0; k < 10; ++k) m(i, k) = mi[k];
  }
  p.theta.resize(tf.rows(), static_cast<long>(kTerms.size()));
  p.theta.col(0) = tf.apply(d.lap_u);
  p.theta.col(1) = tf.apply(d.lap_v);
  for (int k = 0; k < 10; ++k) p.theta.col(kFirstMonomial + k) = tf.apply(m.col(k));
  p.ut = tf.apply(v_equation ? d.vt : d.ut);
  return p;
}

LibraryTruth library_truth(KineticsId kinetics, const Params& theta, double s, double v_floor) {
  const auto c = coefficients(kinetics, theta);
  Eigen::MatrixXd A(64, 10);
  Eigen::VectorXd f(64), g(64);
  with_kinetics(kinetics, [&](auto sys) {
    using S = decltype(sys);
    for (int i = 0; i < 64; ++i) {
      const double u = 0.1 + 0.25 * (i % 8), v = 0.1 + 0.25 * (i / 8);
      double m[10];
      monomials(u, v, m);
      for (int k = 0; k < 10; ++k) A(i, k) = m[k];
      f(i) = S::f(u, v, c.data(), v_floor);
      g(i) = S::g(u, v, c.data(), v_floor);
    }
  });
  const auto qr = A.colPivHouseholderQr();
  const Eigen::VectorXd cf = qr.solve(f), cg = qr.solve(g);
  LibraryTruth t;
  t.polynomial = (A * cf - f).norm() <= 1e-9 * f.norm() && (A * cg - g).norm() <= 1e-9 * g.norm();
  const double du = diffusion_u(kinetics, s);
  t.u = {du, 0};
  t.v = {0, du * diffusion_ratio(kinetics, theta)};
  for (int k = 0; k < 10; ++k) {
    auto clean = [](double x) { return std::abs(x) < 1e-9 ? 0.0 : x; };  // round-off on absent terms
    t.u.push_back(clean(cf(k)));
    t.v.push_back(clean(cg(k)));
  }
  return t;
}

namespace {

// The fits on one (derivatives, test functions) pair: u_t, v_t and the Laplacians integrated once.
class KineticsFitter {
 public:
  KineticsFitter(const FrameDerivatives& d, const TestFunctions& tf)
      : d_(d), tf_(tf), ut_(tf.apply(d.ut)), vt_(tf.apply(d.vt)), lap_u_(tf.apply(d.lap_u)), lap_v_(tf.apply(d.lap_v)),
        su_(rms(ut_)), sv_(rms(vt_)) {
    if (!(su_ > 0) || !(sv_ > 0)) fail("select_kinetics: u_t or v_t is zero everywhere: expected dynamics to fit");
  }
  // Kinetics k by Levenberg-Marquardt from x = (log theta, log D_u); evals adds its evaluations.
  KineticsFit fit(KineticsId k, Eigen::VectorXd x, int& evals) const {
    const int P = kinetics_info(k).n_params;
    SelectionFunctor fn{&d_, &tf_, k, P, ut_, vt_, lap_u_, lap_v_, su_, sv_};
    Eigen::NumericalDiff<SelectionFunctor> diff(fn);
    Eigen::LevenbergMarquardt<Eigen::NumericalDiff<SelectionFunctor>> lm(diff);
    lm.parameters.maxfev = 400 * (P + 2);
    lm.parameters.xtol = 1e-10;
    lm.parameters.ftol = 1e-12;
    lm.minimize(x);
    evals += static_cast<int>(lm.nfev);
    Eigen::VectorXd r(fn.values());
    fn(x, r);
    KineticsFit f;
    f.kinetics = k;
    f.rss = r.squaredNorm();
    f.theta = fn.theta(x);
    f.du = std::exp(x(P));
    f.dv = f.du * diffusion_ratio(k, f.theta);
    const long n = tf_.rows();
    f.rel_rms_u = std::sqrt(r.head(n).squaredNorm() / static_cast<double>(n));
    f.rel_rms_v = std::sqrt(r.tail(n).squaredNorm() / static_cast<double>(n));
    const double N = 2.0 * static_cast<double>(n), kk = P + 1;
    f.aicc = N * std::log(f.rss / N) + 2 * kk + 2 * kk * (kk + 1) / (N - kk - 1);
    return f;
  }

 private:
  const FrameDerivatives& d_;
  const TestFunctions& tf_;
  Eigen::VectorXd ut_, vt_, lap_u_, lap_v_;
  double su_, sv_;
};

Eigen::VectorXd log_start(const KineticsFit& f) {
  const int P = f.theta.size();
  Eigen::VectorXd x(P + 1);
  for (int j = 0; j < P; ++j) x(j) = std::log(f.theta[j]);
  x(P) = std::log(f.du);
  return x;
}

}  // namespace

std::vector<KineticsFit> select_kinetics(const FrameDerivatives& d, int starts, const TestFunctions& tf) {
  if (starts < 1) fail("select_kinetics: {} starts: expected at least 1", starts);
  const KineticsFitter fitter(d, tf);
  std::vector<KineticsFit> out;
  for (int ki = 0; ki < kKineticsCount; ++ki) {
    const KineticsId k{ki};
    const auto& info = kinetics_info(k);
    const int P = info.n_params;
    KineticsFit best;
    best.rss = std::numeric_limits<double>::infinity();
    int evals = 0;
    for (int s = 0; s < starts; ++s) {
      Eigen::VectorXd x(P + 1);
      static constexpr int primes[] = {2, 3, 5, 7, 11, 13};
      for (int j = 0; j <= P; ++j) {
        const double q = s == 0 ? 0.5 : radical_inverse(primes[j], s);
        const double lo = j < P ? info.box[static_cast<std::size_t>(j)][0] : 0.05;  // D_u in [0.05, 5]
        const double hi = j < P ? info.box[static_cast<std::size_t>(j)][1] : 5.0;
        x(j) = std::log(lo) + q * (std::log(hi) - std::log(lo));
      }
      KineticsFit f = fitter.fit(k, x, evals);
      if (f.rss < best.rss) best = f;
    }
    best.evals = evals;
    out.push_back(best);
  }
  std::stable_sort(out.begin(), out.end(), [](const KineticsFit& a, const KineticsFit& b) { return a.aicc < b.aicc; });
  return out;
}

double simex_extrapolate(const std::vector<double>& zeta, const std::vector<double>& y) {
  if (zeta.size() != y.size() || zeta.size() < 3)
    fail("simex_extrapolate: {} points: expected at least 3, one value each", zeta.size());
  Eigen::MatrixXd A(static_cast<long>(zeta.size()), 3);
  Eigen::VectorXd b(A.rows());
  for (long i = 0; i < A.rows(); ++i) {
    const double z = zeta[static_cast<std::size_t>(i)];
    A.row(i) << 1, z, z * z;
    b(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::Vector3d c = A.colPivHouseholderQr().solve(b);
  return c(0) - c(1) + c(2);
}

SimexResult simex(const std::string& shard, const std::vector<std::size_t>& rows, double level, std::uint32_t seed,
                  const FrameDerivatives& d, int w, int wt, const KineticsFit& fit, int draws) {
  if (draws < 1) fail("simex: {} draws: expected at least 1", draws);
  SimexResult s;
  s.kinetics = fit.kinetics;
  s.zeta = {0, 0.5, 1, 1.5, 2};
  const int P = fit.theta.size();
  auto values = [&](const KineticsFit& f) {
    std::vector<double> v(f.theta.begin(), f.theta.end());
    v.push_back(f.du);
    return v;
  };
  s.path.push_back(values(fit));
  for (std::size_t z = 1; z < s.zeta.size(); ++z) {
    std::vector<double> mean(static_cast<std::size_t>(P + 1), 0.0);
    for (int b = 0; b < draws; ++b) {
      const SimexNoise extra{s.zeta[z], b, d.sigma_u, d.sigma_v};
      const FrameDerivatives dz = frame_derivatives(shard, rows, level, seed, &extra);
      const TestFunctions tf(dz, w, wt);
      int evals = 0;
      const auto v = values(KineticsFitter(dz, tf).fit(fit.kinetics, log_start(fit), evals));
      for (std::size_t j = 0; j < v.size(); ++j) mean[j] += v[j] / draws;
    }
    s.path.push_back(mean);
  }
  for (int j = 0; j <= P; ++j) {
    std::vector<double> y;
    for (const auto& p : s.path) y.push_back(p[static_cast<std::size_t>(j)]);
    s.corrected.push_back(simex_extrapolate(s.zeta, y));
  }
  return s;
}

std::string simex_csv(const SimexResult& s, const FrameDerivatives& d) {
  std::string csv = "kinetics,parameter,truth";
  for (double z : s.zeta) csv += fmt::format(",zeta_{:g}", z);
  csv += ",corrected\n";
  const auto names = param_names(s.kinetics);
  const bool truth = s.kinetics == d.truth;
  for (std::size_t j = 0; j < s.corrected.size(); ++j) {
    const bool du = j + 1 == s.corrected.size();
    csv += fmt::format("{},{},{}", kinetics_name(s.kinetics), du ? std::string("d_u") : std::string(names[j]),
                       !truth ? std::string("n/a") : fmt::format("{:.9g}", du ? diffusion_u(d.truth, d.s) : d.theta[static_cast<int>(j)]));
    for (const auto& p : s.path) csv += fmt::format(",{:.9g}", p[j]);
    csv += fmt::format(",{:.9g}\n", s.corrected[j]);
  }
  return csv;
}

double simex_param_err(const SimexResult& s, const FrameDerivatives& d) {
  if (s.kinetics != d.truth) return NAN;
  double e = 0;
  for (int j = 0; j < d.theta.size(); ++j) e = std::max(e, std::abs(s.corrected[static_cast<std::size_t>(j)] / d.theta[j] - 1));
  return e;
}

SparseScore score_sparse(const SindyFit& f, const std::vector<double>& truth) {
  SparseScore s;
  s.support_right = true;
  for (std::size_t k = 0; k < truth.size(); ++k) s.support_right &= f.active[k] == (truth[k] != 0);
  if (!s.support_right) return s;
  s.max_coef_err = 0;
  for (std::size_t k = 0; k < truth.size(); ++k)
    if (truth[k] != 0) s.max_coef_err = std::max(s.max_coef_err, std::abs(f.xi[k] / truth[k] - 1));
  return s;
}

std::string terms_csv(const SindyFit& fu, const SindyFit& fv, const LibraryTruth& truth) {
  std::string csv = "equation,term,coefficient,active,truth\n";
  for (int e = 0; e < 2; ++e) {
    const SindyFit& f = e ? fv : fu;
    const auto& t = e ? truth.v : truth.u;
    for (std::size_t k = 0; k < kTerms.size(); ++k)
      csv += fmt::format("{},{},{:.9g},{},{}\n", e ? "v_t" : "u_t", kTerms[k], f.xi[k], f.active[k] ? 1 : 0,
                         truth.polynomial ? fmt::format("{:.9g}", t[k]) : std::string("n/a"));
  }
  return csv;
}

SelectionVerdict selection_verdict(const std::vector<KineticsFit>& fits, const FrameDerivatives& d) {
  auto tied = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(a, b); };
  SelectionVerdict v;
  while (v.truth < fits.size() && fits[v.truth].kinetics != d.truth) ++v.truth;
  if (v.truth == fits.size()) fail("select_kinetics: {} is not among the fitted kinetics", kinetics_name(d.truth));
  const KineticsFit& t = fits[v.truth];
  for (const auto& f : fits) v.true_rank += f.rss < t.rss && !tied(f.rss, t.rss);
  while (v.runner_up + 1 < fits.size() && tied(fits[v.runner_up].rss, fits[0].rss)) ++v.runner_up;
  v.margin = fits[v.runner_up].aicc - fits[0].aicc;
  for (int j = 0; j < d.theta.size(); ++j) v.true_param_err = std::max(v.true_param_err, std::abs(t.theta[j] / d.theta[j] - 1));
  return v;
}

std::string two_species_summary_csv(const FrameDerivatives& d, double level, const TestFunctions& tf,
                                    const SindyFit& fu, const SindyFit& fv, const LibraryTruth& truth,
                                    const std::vector<KineticsFit>& fits, const SimexResult* simex) {
  const auto su = score_sparse(fu, truth.u), sv = score_sparse(fv, truth.v);
  const auto v = selection_verdict(fits, d);
  auto flag = [&](bool right) { return truth.polynomial ? std::string(right ? "1" : "0") : std::string("n/a"); };
  auto err = [&](double x) { return !truth.polynomial || std::isnan(x) ? std::string("nan") : fmt::format("{:.6g}", x); };
  return fmt::format(
      "truth,noise,weak_width,weak_frames,rows,polynomial,r2_u,r2_v,support_u_right,support_v_right,coef_err_u,"
      "coef_err_v,selected,true_rank,delta_aicc_runner_up,true_param_max_rel_err,true_du,sigma_u_hat,sigma_v_hat,"
      "simex_param_max_rel_err\n"
      "{},{:g},{},{},{},{},{:.6f},{:.6f},{},{},{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}\n",
      kinetics_name(d.truth), level, tf.width(), tf.frames(), tf.rows(), truth.polynomial ? 1 : 0, fu.r2, fv.r2,
      flag(su.support_right), flag(sv.support_right), err(su.max_coef_err), err(sv.max_coef_err),
      kinetics_name(fits[0].kinetics), v.true_rank, v.margin, v.true_param_err, fits[v.truth].du, mean(d.sigma_u),
      mean(d.sigma_v), simex ? simex_param_err(*simex, d) : NAN);
}

std::string ranking_csv(const std::vector<KineticsFit>& fits) {
  std::string csv = "rank,kinetics,parameters,d_u,d_v,rel_rms_u,rel_rms_v,aicc,delta_aicc,evals\n";
  for (std::size_t i = 0; i < fits.size(); ++i) {
    const auto& f = fits[i];
    const auto names = param_names(f.kinetics);
    std::string p;
    for (int j = 0; j < f.theta.size(); ++j) p += fmt::format("{}{}={:.6g}", j ? " " : "", names[static_cast<std::size_t>(j)], f.theta[j]);
    csv += fmt::format("{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.9g},{:.6g},{}\n", i + 1, kinetics_name(f.kinetics), p, f.du,
                       f.dv, f.rel_rms_u, f.rel_rms_v, f.aicc, f.aicc - fits.front().aicc, f.evals);
  }
  return csv;
}

}  // namespace press

#include "press/discover/closed_form.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include <nlopt.h>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"

namespace press {

namespace {

constexpr Term kTerms[] = {Term::one, Term::u, Term::u2, Term::sat, Term::pow};
constexpr double kRateLo = 1e-3, kRateHi = 50, kPowLo = -3, kPowHi = 5;

bool has(const std::vector<Term>& ts, Term t) { return std::find(ts.begin(), ts.end(), t) != ts.end(); }

// The columns of the linear coefficients at the nonlinear parameters (rate, power).
Eigen::MatrixXd design(const std::vector<Term>& ts, const std::vector<double>& u, double rate, double p) {
  Eigen::MatrixXd X(static_cast<long>(u.size()), static_cast<long>(ts.size()));
  for (std::size_t i = 0; i < u.size(); ++i)
    for (std::size_t k = 0; k < ts.size(); ++k) {
      const double x = u[i];
      double v = 1;
      switch (ts[k]) {
        case Term::one: v = 1; break;
        case Term::u: v = x; break;
        case Term::u2: v = x * x; break;
        case Term::sat: v = 1 - std::exp(-rate * x); break;
        case Term::pow: v = std::pow(x, p); break;
      }
      X(static_cast<long>(i), static_cast<long>(k)) = v;
    }
  return X;
}

struct Projection {
  Eigen::VectorXd beta;
  double rss = INFINITY;
};

Projection project(const std::vector<Term>& ts, const std::vector<double>& u, const Eigen::VectorXd& f,
                   const Eigen::VectorXd& sw, double rate, double p) {
  const Eigen::MatrixXd X = sw.asDiagonal() * design(ts, u, rate, p);
  Projection r;
  r.beta = X.colPivHouseholderQr().solve(sw.cwiseProduct(f));
  const double rss = (sw.cwiseProduct(f) - X * r.beta).squaredNorm();
  if (std::isfinite(rss)) r.rss = rss;
  return r;
}

double trampoline(unsigned n, const double* x, double*, void* data) {
  return (*static_cast<std::function<double(const double*, unsigned)>*>(data))(x, n);
}

}  // namespace

const char* term_name(Term t) {
  switch (t) {
    case Term::one: return "1";
    case Term::u: return "u";
    case Term::u2: return "u^2";
    case Term::sat: return "1 - exp(-c u)";
    case Term::pow: return "u^p";
  }
  return "?";
}

double ClosedForm::operator()(double x) const {
  double rate = 0, p = 0;
  std::size_t k = terms.size();
  if (has(terms, Term::sat)) rate = c[k++];
  if (has(terms, Term::pow)) p = c[k];
  const Eigen::MatrixXd X = design(terms, {x}, rate, p);
  double v = 0;
  for (std::size_t i = 0; i < terms.size(); ++i) v += c[i] * X(0, static_cast<long>(i));
  return v;
}

LawSum ClosedForm::law() const {
  std::size_t k = terms.size();
  const double rate = has(terms, Term::sat) ? c[k++] : 0, p = has(terms, Term::pow) ? c[k] : 0;
  LawSum sum;
  for (std::size_t i = 0; i < terms.size(); ++i) switch (terms[i]) {
      case Term::one: sum.terms.push_back({LawForm::constant, {c[i]}}); break;
      case Term::u: sum.terms.push_back({LawForm::linear, {0, c[i]}}); break;
      case Term::u2: sum.terms.push_back({LawForm::quadratic, {0, c[i]}}); break;
      case Term::sat: sum.terms.push_back({LawForm::saturating, {0, c[i], rate}}); break;
      case Term::pow: sum.terms.push_back({LawForm::power, {c[i], p}}); break;
    }
  return sum;
}

std::string ClosedForm::text() const {
  std::size_t k = terms.size();
  const double rate = has(terms, Term::sat) ? c[k++] : 0, p = has(terms, Term::pow) ? c[k] : 0;
  std::vector<std::pair<double, std::string>> sum;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    std::string t;
    switch (terms[i]) {
      case Term::one: break;
      case Term::u: t = "u"; break;
      case Term::u2: t = "u^2"; break;
      case Term::sat: t = fmt::format("(1 - exp(-{:.6g} u))", rate); break;
      case Term::pow: t = fmt::format("u^{:.6g}", p); break;
    }
    sum.emplace_back(c[i], t);
  }
  return format_sum(sum);
}

bool ClosedForm::is_form(LawForm f) const {
  auto same = [&](std::vector<Term> want) { return terms == want; };
  switch (f) {
    case LawForm::constant: return same({Term::one});
    case LawForm::linear: return same({Term::one, Term::u});
    case LawForm::quadratic: return same({Term::one, Term::u2});
    case LawForm::saturating: return same({Term::one, Term::sat});
    case LawForm::power: return same({Term::pow});
  }
  return false;
}

std::vector<ClosedForm> fit_closed_forms(const std::vector<double>& u, const std::vector<double>& fv,
                                         const std::vector<double>& w, int max_size) {
  const std::size_t n = u.size();
  if (n < 3 || fv.size() != n || w.size() != n) fail("closed forms: {} points: expected at least 3, with f and weights", n);
  double wsum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(u[i]) || !std::isfinite(fv[i]) || !(w[i] >= 0)) fail("closed forms: point {}: u {}, f {}, weight {}: expected finite values and a weight >= 0", i, u[i], fv[i], w[i]);
    wsum += w[i];
  }
  if (!(wsum > 0)) fail("closed forms: every weight is 0: expected some weight");
  const bool positive = std::all_of(u.begin(), u.end(), [](double x) { return x > 0; });
  Eigen::VectorXd f(static_cast<long>(n)), sw(static_cast<long>(n));
  double f2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f(static_cast<long>(i)) = fv[i];
    sw(static_cast<long>(i)) = std::sqrt(w[i] * static_cast<double>(n) / wsum);  // weights of mean 1
    f2 += w[i] * fv[i] * fv[i] / wsum;
  }
  const double floor = static_cast<double>(n) * std::pow(1e-9 * std::sqrt(f2), 2);
  std::vector<ClosedForm> out;
  for (unsigned mask = 1; mask < (1u << 5); ++mask) {
    std::vector<Term> ts;
    for (unsigned b = 0; b < 5; ++b)
      if (mask & (1u << b)) ts.push_back(kTerms[b]);
    const bool sat = has(ts, Term::sat), pw = has(ts, Term::pow);
    const int size = static_cast<int>(ts.size()) + sat + pw;
    if (size > max_size || (pw && !positive) || static_cast<std::size_t>(size) >= n) continue;
    // Variable projection over (rate, p): the start grid's best point, then BOBYQA.
    std::vector<double> lo, hi, x;
    if (sat) lo.push_back(kRateLo), hi.push_back(kRateHi);
    if (pw) lo.push_back(kPowLo), hi.push_back(kPowHi);
    std::function<double(const double*, unsigned)> obj = [&](const double* th, unsigned) {
      const double rate = sat ? th[0] : 0, p = pw ? th[sat ? 1 : 0] : 0;
      return project(ts, u, f, sw, rate, p).rss;
    };
    if (!lo.empty()) {
      const std::vector<double> rates{0.25, 0.5, 1, 2, 4, 8, 16, 32}, pows{-1, 0.5, 1, 1.5, 2, 3, 4};
      double best = INFINITY;
      for (double r : sat ? rates : std::vector<double>{0})
        for (double p : pw ? pows : std::vector<double>{0}) {
          std::vector<double> th;
          if (sat) th.push_back(r);
          if (pw) th.push_back(p);
          const double v = obj(th.data(), static_cast<unsigned>(th.size()));
          if (v < best) best = v, x = th;
        }
      if (x.empty()) continue;
      std::unique_ptr<nlopt_opt_s, decltype(&nlopt_destroy)> o(nlopt_create(NLOPT_LN_BOBYQA, static_cast<unsigned>(x.size())),
                                                               &nlopt_destroy);
      nlopt_set_lower_bounds(o.get(), lo.data());
      nlopt_set_upper_bounds(o.get(), hi.data());
      nlopt_set_min_objective(o.get(), trampoline, &obj);
      nlopt_set_xtol_rel(o.get(), 1e-12);
      nlopt_set_maxeval(o.get(), 4000);
      double fx = INFINITY;
      std::vector<double> y = x;
      nlopt_optimize(o.get(), y.data(), &fx);
      if (std::isfinite(fx) && fx <= best) x = y;
    }
    const double rate = sat ? x[0] : 0, p = pw ? x[sat ? 1 : 0] : 0;
    const Projection pr = project(ts, u, f, sw, rate, p);
    if (!std::isfinite(pr.rss)) continue;
    ClosedForm cf;
    cf.terms = ts;
    cf.c.assign(pr.beta.data(), pr.beta.data() + pr.beta.size());
    if (sat) cf.c.push_back(rate);
    if (pw) cf.c.push_back(p);
    cf.rss = pr.rss;
    // Standard errors: the full Jacobian (the linear columns, then d/d rate, d/d p).
    Eigen::MatrixXd J(static_cast<long>(n), size);
    J.leftCols(static_cast<long>(ts.size())) = design(ts, u, rate, p);
    long col = static_cast<long>(ts.size());
    for (std::size_t k = 0; k < ts.size(); ++k) {
      for (std::size_t i = 0; i < n; ++i) {
        if (ts[k] == Term::sat) J(static_cast<long>(i), col) = cf.c[k] * u[i] * std::exp(-rate * u[i]);
        if (ts[k] == Term::pow) J(static_cast<long>(i), col + (sat ? 1 : 0)) = cf.c[k] * std::pow(u[i], p) * std::log(u[i]);
      }
    }
    const Eigen::MatrixXd JW = sw.asDiagonal() * J;
    const double s2 = pr.rss / static_cast<double>(static_cast<long>(n) - size);
    const Eigen::MatrixXd cov = (JW.transpose() * JW).completeOrthogonalDecomposition().pseudoInverse() * s2;
    for (int k = 0; k < size; ++k) cf.stderr_.push_back(std::sqrt(std::max(0.0, cov(k, k))));
    const double nn = static_cast<double>(n), k = size;
    cf.aicc = nn * std::log(std::max(pr.rss, floor) / nn) + 2 * k + 2 * k * (k + 1) / (nn - k - 1);
    out.push_back(std::move(cf));
  }
  std::stable_sort(out.begin(), out.end(), [](const ClosedForm& a, const ClosedForm& b) {
    return a.aicc != b.aicc ? a.aicc < b.aicc : a.size() < b.size();
  });
  return out;
}

std::string closed_forms_csv(const std::vector<ClosedForm>& fits, std::size_t rows) {
  CsvWriter w({"rank", "expression", "size", "rss", "aicc", "coefficients", "stderr"});
  for (std::size_t r = 0; r < std::min(rows, fits.size()); ++r) {
    const auto& f = fits[r];
    w.row({std::to_string(r + 1), f.text(), std::to_string(f.size()), csv_number(f.rss, 6), csv_number(f.aicc, 6),
           fmt::format("{:.9g}", fmt::join(f.c, " ")), fmt::format("{:.3g}", fmt::join(f.stderr_, " "))});
  }
  return w.text();
}

}  // namespace press

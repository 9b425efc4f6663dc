#include "press/discover/sindy.hpp"

#include <cmath>

#include <fmt/format.h>

#include "press/core/error.hpp"
#include "press/model/density_law.hpp"

namespace press {

namespace {

const std::vector<std::string> kTerms{"1", "u", "u^2", "u^3", "lap u", "u lap u", "u^2 lap u", "|grad u|^2",
                                      "u |grad u|^2"};

}  // namespace

SindyProblem density_library(const DensityData& d, std::size_t level) {
  const int m = d.m();
  const std::size_t F = d.frames();
  if (F < 3 || m < 3) fail("sindy: {} frames of {}x{}: expected at least 3 frames of 3x3 for central differences", F, m, m);
  const double h = d.x[1] - d.x[0];
  const double* u = d.u.data() + level * d.values();
  auto at = [&](std::size_t f, int i, int j) { return u[(f * static_cast<std::size_t>(m) + static_cast<std::size_t>(i)) * m + j]; };
  SindyProblem p;
  p.names = kTerms;
  const long rows = static_cast<long>(F - 2) * (m - 2) * (m - 2);
  p.theta.resize(rows, static_cast<long>(kTerms.size()));
  p.ut.resize(rows);
  long r = 0;
  for (std::size_t f = 1; f + 1 < F; ++f)
    for (int i = 1; i + 1 < m; ++i)
      for (int j = 1; j + 1 < m; ++j, ++r) {
        const double c = at(f, i, j);
        const double ux = (at(f, i + 1, j) - at(f, i - 1, j)) / (2 * h), uy = (at(f, i, j + 1) - at(f, i, j - 1)) / (2 * h);
        const double lap = (at(f, i + 1, j) + at(f, i - 1, j) + at(f, i, j + 1) + at(f, i, j - 1) - 4 * c) / (h * h);
        const double g2 = ux * ux + uy * uy;
        p.ut(r) = (at(f + 1, i, j) - at(f - 1, i, j)) / (d.t[f + 1] - d.t[f - 1]);
        const double row[] = {1, c, c * c, c * c * c, lap, c * lap, c * c * lap, g2, c * g2};
        for (long k = 0; k < p.theta.cols(); ++k) p.theta(r, k) = row[k];
      }
  return p;
}

SindyFit stlsq(const SindyProblem& p, double threshold) {
  const long K = p.theta.cols();
  Eigen::VectorXd norm = p.theta.colwise().norm().transpose();
  const double yn = p.ut.norm();
  if (!(yn > 0)) fail("sindy: u_t is zero everywhere: expected dynamics to regress");
  SindyFit out;
  out.active.assign(static_cast<std::size_t>(K), true);
  for (long k = 0; k < K; ++k)
    if (!(norm(k) > 0)) out.active[static_cast<std::size_t>(k)] = false;
  Eigen::VectorXd xi = Eigen::VectorXd::Zero(K);
  for (out.rounds = 1; out.rounds <= 10; ++out.rounds) {
    std::vector<long> cols;
    for (long k = 0; k < K; ++k)
      if (out.active[static_cast<std::size_t>(k)]) cols.push_back(k);
    xi.setZero();
    if (cols.empty()) break;
    Eigen::MatrixXd A(p.theta.rows(), static_cast<long>(cols.size()));
    for (std::size_t c = 0; c < cols.size(); ++c) A.col(static_cast<long>(c)) = p.theta.col(cols[c]) / norm(cols[c]);
    const Eigen::VectorXd z = A.colPivHouseholderQr().solve(p.ut);
    for (std::size_t c = 0; c < cols.size(); ++c) xi(cols[c]) = z(static_cast<long>(c)) / norm(cols[c]);
    bool changed = false;
    for (long k : cols)
      if (std::abs(xi(k)) * norm(k) / yn < threshold) out.active[static_cast<std::size_t>(k)] = false, changed = true;
    if (!changed) break;
  }
  for (long k = 0; k < K; ++k)
    if (!out.active[static_cast<std::size_t>(k)]) xi(k) = 0;
  out.xi.assign(xi.data(), xi.data() + K);
  const Eigen::VectorXd res = p.ut - p.theta * xi;
  const double mean = p.ut.mean();
  out.r2 = 1 - res.squaredNorm() / (p.ut.array() - mean).matrix().squaredNorm();
  return out;
}

DensityEquation sindy_equation(const SindyFit& f) {
  const auto& x = f.xi;
  auto poly = [](double a, double b, double c) {
    LawSum s;
    if (a != 0) s.terms.push_back({LawForm::constant, {a}});
    if (b != 0) s.terms.push_back({LawForm::linear, {0, b}});
    if (c != 0) s.terms.push_back({LawForm::quadratic, {0, c}});
    return s;
  };
  // D = x4 + x5 u + x6 u^2, so D' = x5 + 2 x6 u: the library's |grad u|^2 terms beyond D' go to K.
  return {poly(x[4], x[5], x[6]), poly(x[1], x[2], x[3]), poly(x[7] - x[5], x[8] - 2 * x[6], 0), poly(x[0], 0, 0)};
}

std::string sindy_csv(const SindyProblem& p, const SindyFit& f) {
  std::string csv = "term,coefficient,active\n";
  for (std::size_t k = 0; k < p.names.size(); ++k)
    csv += fmt::format("{},{:.9g},{}\n", p.names[k], f.xi[k], f.active[k] ? 1 : 0);
  return csv;
}

void score_sindy(const SindyFit& f, const DensityLaw& d_true, const DensityLaw& g_true, const std::vector<double>& u,
                 DiscoveryRow& row) {
  const auto& x = f.xi;
  const DensityEquation eq = sindy_equation(f);
  std::vector<double> d, g;
  for (double v : u) d.push_back(eq.diffusion(v)), g.push_back(eq.growth(v));
  score_curve(u, d, d_true, row.d);
  score_curve(u, g, g_true, row.g);
  row.d.expr = eq.diffusion.text();
  row.g.expr = eq.growth.text();
  auto support = [&](std::vector<int> ks) {
    std::vector<int> on;
    for (int k : ks)
      if (f.active[static_cast<std::size_t>(k)]) on.push_back(k);
    return on;
  };
  // D's terms 4..8 (and 0, which neither law owns), G's 1..3; the truth's support and coefficients.
  auto judge = [&](LawRecovery& r, const std::vector<int>& on, const std::vector<int>& want, const std::vector<double>& got,
                   const DensityLaw& truth) {
    r.form_right = !want.empty() && on == want;
    r.coef_err = NAN;
    if (!r.form_right) return;
    r.coef_err = 0;
    for (std::size_t k = 0; k < truth.c.size(); ++k) r.coef_err = std::max(r.coef_err, std::abs(got[k] / truth.c[k] - 1));
  };
  const auto d_on = support({0, 4, 5, 6, 7, 8}), g_on = support({0, 1, 2, 3});
  switch (d_true.form) {
    case LawForm::constant: judge(row.d, d_on, {4}, {x[4]}, d_true); break;
    case LawForm::linear: judge(row.d, d_on, {4, 5, 7}, {x[4], x[5]}, d_true); break;
    case LawForm::quadratic: judge(row.d, d_on, {4, 6, 8}, {x[4], x[6]}, d_true); break;
    default: judge(row.d, d_on, {}, {}, d_true); break;
  }
  switch (g_true.form) {
    case LawForm::constant: judge(row.g, g_on, {1}, {x[1]}, g_true); break;
    case LawForm::linear: judge(row.g, g_on, {1, 2}, {x[1], x[2]}, g_true); break;
    case LawForm::quadratic: judge(row.g, g_on, {1, 3}, {x[1], x[3]}, g_true); break;
    default: judge(row.g, g_on, {}, {}, g_true); break;
  }
}

}  // namespace press

#include "press/discover/discovery_row.hpp"

#include <algorithm>
#include <cmath>

#include "press/core/csv.hpp"

namespace press {

void score_curve(const std::vector<double>& u, const std::vector<double>& f, const DensityLaw& truth, LawRecovery& r) {
  double within = 0;
  r.max_rel = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double e = std::abs(f[i] / truth(u[i]) - 1);
    r.max_rel = std::max(r.max_rel, e);
    within += e <= 0.05;
  }
  r.within5 = u.empty() ? 0 : within / static_cast<double>(u.size());
}

namespace {
// The form verdict: the expression, whether the form is right and, if so, the largest relative
// error of the coefficients `c` (in the truth's order) against the truth's nonzero ones.
void judge_form(const std::string& expr, bool right, const std::vector<double>& c, const DensityLaw& truth,
                LawRecovery& r) {
  r.expr = expr;
  r.form_right = right;
  r.coef_err = NAN;
  if (!right) return;
  r.coef_err = 0;
  for (std::size_t k = 0; k < truth.c.size(); ++k)
    if (truth.c[k] != 0) r.coef_err = std::max(r.coef_err, std::abs(c[k] / truth.c[k] - 1));
}
}  // namespace

void score_form(const ClosedForm& best, const DensityLaw& truth, LawRecovery& r) {
  judge_form(best.text(), best.is_form(truth.form), best.c, truth, r);
}

void score_law(const DensityLaw& got, const DensityLaw& truth, const std::vector<double>& u, LawRecovery& r) {
  std::vector<double> f;
  for (double x : u) f.push_back(got(x));
  score_curve(u, f, truth, r);
  judge_form(got.text(), got.form == truth.form, got.c, truth, r);
}

std::string discovery_csv(const std::vector<DiscoveryRow>& rows) {
  CsvWriter w({"method", "law", "noise", "seed", "d_max_rel_error", "d_within_5pct", "d_expression", "d_form_right",
               "d_coef_max_rel_error", "g_max_rel_error", "g_within_5pct", "g_expression", "g_form_right",
               "g_coef_max_rel_error", "resim_rms_clean"});
  for (const auto& r : rows) {
    auto part = [](const LawRecovery& x) {
      return std::vector<std::string>{csv_number(x.max_rel, 6), csv_number(x.within5, 6), x.expr,
                                      x.form_right ? "1" : "0", csv_number(x.coef_err, 6)};
    };
    std::vector<std::string> f{r.method, r.law, csv_number(r.noise, 6), std::to_string(r.seed)};
    for (const auto& p : {part(r.d), part(r.g)}) f.insert(f.end(), p.begin(), p.end());
    f.push_back(csv_number(r.resim_rms, 6));
    w.row(f);
  }
  return w.text();
}

CurveDiscovery discover_from_curves(const std::string& method, double noise, long seed, const std::vector<double>& u,
                                    const std::vector<double>& w, const std::vector<double>& d,
                                    const std::vector<double>& g, const DensityLaw& d_true, const DensityLaw& g_true,
                                    int max_size) {
  CurveDiscovery c;
  c.row.method = method;
  c.row.law = law_form_name(d_true.form);
  c.row.noise = noise;
  c.row.seed = seed;
  score_curve(u, d, d_true, c.row.d);
  score_curve(u, g, g_true, c.row.g);
  c.d_forms = fit_closed_forms(u, d, w, max_size);
  c.g_forms = fit_closed_forms(u, g, w, max_size);
  score_form(c.d_forms.front(), d_true, c.row.d);
  score_form(c.g_forms.front(), g_true, c.row.g);
  return c;
}

}  // namespace press

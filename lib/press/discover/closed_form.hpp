#pragma once
// The closed-form step (issue 24; BINN.md "Symbolic regression"): a learned curve f(u) on sampled
// points (u_i, f_i, weights w_i) regressed onto a grammar of candidate forms, each fitted, the
// best chosen by an information criterion. No genetic programming: the grammar is small and every
// member is fitted to its optimum.
//   terms      1 (a), u (b u), u^2 (b u^2), sat (b (1 - exp(-c u)), c in (0, 50]), pow (a u^p,
//              p in [-3, 5]): the forms constant, a + b u, a + b u^2, a + b (1 - e^-cu) and a u^p
//              are the candidates {1}, {1, u}, {1, u^2}, {1, sat} and {pow}; their sums are the
//              other subsets, up to `max_size` coefficients in all.
//   fit        weighted least squares; the linear coefficients solved exactly (Eigen), the
//              nonlinear ones (c, p) by variable projection: BOBYQA (NLopt) from the best point
//              of a start grid.
//   choose     AICc = n ln(RSS/n) + 2k + 2k(k+1)/(n-k-1), RSS the weighted residual sum with the
//              weights normalised to mean 1 and floored at n (1e-9 rms(f))^2: below that relative
//              size a residual is rounding, so exact curves do not reward extra terms.
//   report     each coefficient with its standard error from s^2 (J^T W J)^-1, s^2 = RSS/(n - k).
#include <string>
#include <vector>

#include "press/model/density_law.hpp"

namespace press {

enum class Term { one, u, u2, sat, pow };
const char* term_name(Term t);

struct ClosedForm {
  std::vector<Term> terms;
  std::vector<double> c;         // per term: its coefficient, then sat's rate c, pow's exponent p
  std::vector<double> stderr_;   // the standard error of each of c
  double rss = 0, aicc = 0;
  int size() const { return static_cast<int>(c.size()); }
  double operator()(double u) const;
  std::string text() const;      // e.g. "0.0150 + 0.0600 u"
  // The expression as a sum of laws, one per term, which the density solver takes.
  LawSum law() const;
  // The single form this is, when it is one (constant, linear, quadratic, saturating, power).
  bool is_form(LawForm f) const;
};

// Every candidate fitted, best (lowest AICc) first. press::Error for fewer than 3 points, a
// weight below 0, or non-finite values.
std::vector<ClosedForm> fit_closed_forms(const std::vector<double>& u, const std::vector<double>& f,
                                         const std::vector<double>& w, int max_size);

// The best `rows` candidates as CSV: rank, expression, size, RSS, AICc, the coefficients and their
// standard errors (space-separated, in the order of ClosedForm::c).
std::string closed_forms_csv(const std::vector<ClosedForm>& fits, std::size_t rows);

}  // namespace press

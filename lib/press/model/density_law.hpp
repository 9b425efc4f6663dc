#pragma once
// A density-dependent law f(u): the diffusivity D(u) or the growth rate G(u) of a one-species
// reaction-diffusion equation u_t = div(D(u) grad u) + G(u) u (BINN.md; issue 24). One concept:
// a closed form from a small fixed family, with its coefficients. The same forms are the
// candidates of the closed-form step (the grammar), so the data's truth and the recovered
// expression are described alike:
//   constant     a
//   linear       a + b u
//   quadratic    a + b u^2
//   saturating   a + b (1 - exp(-c u))
//   power        a u^b            (u >= 0)
#include <string>
#include <vector>

namespace press {

enum class LawForm { constant, linear, quadratic, saturating, power };

// Every form, in the order above.
const std::vector<LawForm>& all_law_forms();
const char* law_form_name(LawForm f);
// press::Error naming `what` (e.g. "binn.growth.form") for an unknown name.
LawForm law_form_from_name(const std::string& name, const std::string& what);
int law_form_size(LawForm f);  // number of coefficients

struct DensityLaw {
  LawForm form = LawForm::constant;
  std::vector<double> c;  // law_form_size(form) coefficients

  // press::Error naming `what` when the coefficient count does not fit the form.
  static DensityLaw make(LawForm form, std::vector<double> c, const std::string& what);
  double operator()(double u) const;
  double du(double u) const;  // d f / d u
  // d f / d c_k, k = 0 .. size - 1, into g.
  void grad(double u, double* g) const;
  // The expression with its coefficients, e.g. "0.015 + 0.06 u", "1.2 - 1.5 u" (%.6g).
  std::string text() const;
};

// A sum of laws: what the density solver takes, so that any expression of the grammar (the
// closed-form step's sums of terms, sparse regression's polynomials) can be re-simulated. One law
// is a sum of one.
struct LawSum {
  std::vector<DensityLaw> terms;
  LawSum() = default;
  LawSum(DensityLaw law) : terms{std::move(law)} {}  // NOLINT(google-explicit-constructor)
  double operator()(double u) const {
    double f = 0;
    for (const auto& t : terms) f += t(u);
    return f;
  }
  std::string text() const;  // the terms' sum, zero constants left out ("1.2 - 1.5 u"); "0" for none
};

// A sum of terms c_i s_i as text, "c0 s0 + c1 s1 - |c2| s2" (%.6g; s_i empty: a constant), the
// signs folded into the operators.
std::string format_sum(const std::vector<std::pair<double, std::string>>& terms);

}  // namespace press

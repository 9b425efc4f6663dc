#include "press/model/density_law.hpp"

#include <cmath>

#include <fmt/format.h>

#include "press/core/error.hpp"

namespace press {

const std::vector<LawForm>& all_law_forms() {
  static const std::vector<LawForm> forms{LawForm::constant, LawForm::linear, LawForm::quadratic,
                                          LawForm::saturating, LawForm::power};
  return forms;
}

const char* law_form_name(LawForm f) {
  switch (f) {
    case LawForm::constant: return "constant";
    case LawForm::linear: return "linear";
    case LawForm::quadratic: return "quadratic";
    case LawForm::saturating: return "saturating";
    case LawForm::power: return "power";
  }
  return "?";
}

LawForm law_form_from_name(const std::string& name, const std::string& what) {
  for (LawForm f : all_law_forms())
    if (name == law_form_name(f)) return f;
  fail("{}: value {}: expected constant, linear, quadratic, saturating or power", what, name);
}

int law_form_size(LawForm f) {
  switch (f) {
    case LawForm::constant: return 1;
    case LawForm::saturating: return 3;
    default: return 2;
  }
}

DensityLaw DensityLaw::make(LawForm form, std::vector<double> c, const std::string& what) {
  if (static_cast<int>(c.size()) != law_form_size(form))
    fail("{}: {} coefficients: expected {} for the {} form", what, c.size(), law_form_size(form), law_form_name(form));
  for (double x : c)
    if (!std::isfinite(x)) fail("{}: coefficient {}: expected a finite number", what, x);
  return DensityLaw{form, std::move(c)};
}

double DensityLaw::operator()(double u) const {
  switch (form) {
    case LawForm::constant: return c[0];
    case LawForm::linear: return c[0] + c[1] * u;
    case LawForm::quadratic: return c[0] + c[1] * u * u;
    case LawForm::saturating: return c[0] + c[1] * (1 - std::exp(-c[2] * u));
    case LawForm::power: return u > 0 ? c[0] * std::pow(u, c[1]) : 0.0;
  }
  return 0;
}

double DensityLaw::du(double u) const {
  switch (form) {
    case LawForm::constant: return 0;
    case LawForm::linear: return c[1];
    case LawForm::quadratic: return 2 * c[1] * u;
    case LawForm::saturating: return c[1] * c[2] * std::exp(-c[2] * u);
    case LawForm::power: return u > 0 ? c[0] * c[1] * std::pow(u, c[1] - 1) : 0.0;
  }
  return 0;
}

void DensityLaw::grad(double u, double* g) const {
  switch (form) {
    case LawForm::constant: g[0] = 1; return;
    case LawForm::linear: g[0] = 1, g[1] = u; return;
    case LawForm::quadratic: g[0] = 1, g[1] = u * u; return;
    case LawForm::saturating: {
      const double e = std::exp(-c[2] * u);
      g[0] = 1, g[1] = 1 - e, g[2] = c[1] * u * e;
      return;
    }
    case LawForm::power: {
      const double p = u > 0 ? std::pow(u, c[1]) : 0.0;
      g[0] = p, g[1] = u > 0 ? c[0] * p * std::log(u) : 0.0;
      return;
    }
  }
}

namespace {

// The law's terms as (coefficient, symbol) pairs for format_sum; without a zero constant when
// `drop_zero` (a term of a sum: "0.06 u", not "0 + 0.06 u").
std::vector<std::pair<double, std::string>> parts(const DensityLaw& l, bool drop_zero) {
  const auto& c = l.c;
  std::vector<std::pair<double, std::string>> p;
  if (l.form == LawForm::power) return {{c[0], fmt::format("u^{:.6g}", c[1])}};
  if (l.form == LawForm::constant || !drop_zero || c[0] != 0) p.emplace_back(c[0], "");
  switch (l.form) {
    case LawForm::linear: p.emplace_back(c[1], "u"); break;
    case LawForm::quadratic: p.emplace_back(c[1], "u^2"); break;
    case LawForm::saturating: p.emplace_back(c[1], fmt::format("(1 - exp(-{:.6g} u))", c[2])); break;
    default: break;
  }
  return p;
}

}  // namespace

std::string DensityLaw::text() const { return format_sum(parts(*this, false)); }

std::string LawSum::text() const {
  std::vector<std::pair<double, std::string>> all;
  for (const auto& t : terms) {
    const auto p = parts(t, true);
    all.insert(all.end(), p.begin(), p.end());
  }
  return all.empty() ? "0" : format_sum(all);
}

std::string format_sum(const std::vector<std::pair<double, std::string>>& terms) {
  std::string s;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto& [c, term] = terms[i];
    const bool minus = i > 0 && std::signbit(c);
    s += (i == 0 ? "" : minus ? " - " : " + ") + fmt::format("{:.6g}", minus ? -c : c) + (term.empty() ? "" : " " + term);
  }
  return s;
}

}  // namespace press

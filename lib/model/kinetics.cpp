#include "press/model/kinetics.hpp"

#include <cmath>

#include "press/core/error.hpp"

namespace press {

KineticsForm kinetics_form_from_string(const std::string& s) {
  if (s == "murray") return KineticsForm::murray;
  if (s == "printed_eq3") return KineticsForm::printed_eq3;
  fail("model.kinetics: value '{}': expected murray or printed_eq3", s);
}

const char* kinetics_form_name(KineticsForm f) { return f == KineticsForm::murray ? "murray" : "printed_eq3"; }

std::vector<double> steady_states(const Kinetics& k) {
  // h(u) = d c u^3 - p c u^2 + d u - (p+1); h(0) = -(p+1) < 0 and h > 0 beyond (p+1)/d.
  // Split (0, hi] at the real roots of h' (where h is monotone between), bisect each piece.
  const double A = k.d * k.c, B = -k.p * k.c, C = k.d, D = -(k.p + 1.0);
  auto h = [&](double u) { return ((A * u + B) * u + C) * u + D; };
  const double hi = (k.p + 1.0) / k.d * (1.0 + 1e-12) + 1e-300;
  std::vector<double> cuts{0.0};
  const double qa = 3 * A, qb = 2 * B, qc = C, disc = qb * qb - 4 * qa * qc;
  if (qa != 0 && disc > 0) {
    const double r = std::sqrt(disc);
    for (double x : {(-qb - r) / (2 * qa), (-qb + r) / (2 * qa)})
      if (x > 0 && x < hi) cuts.push_back(x);
  }
  cuts.push_back(hi);
  std::vector<double> roots;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    double lo = cuts[i], up = cuts[i + 1];
    double hlo = h(lo), hup = h(up);
    if (hlo == 0 && lo > 0) {
      roots.push_back(lo);
      continue;
    }
    if ((hlo < 0) == (hup < 0)) continue;
    for (int it = 0; it < 200 && up - lo > 0; ++it) {
      const double mid = 0.5 * (lo + up);
      if (mid <= lo || mid >= up) break;
      if ((h(mid) < 0) == (hlo < 0)) lo = mid; else up = mid;
    }
    roots.push_back(0.5 * (lo + up));
  }
  return roots;
}

Jacobian jacobian_at(const Kinetics& k, double u) {
  const double q = 1.0 + k.c * u * u;
  return Jacobian{-k.d + 2.0 / (u * q * q), -1.0 / (u * u * q), 2.0 * u, -1.0};
}

}  // namespace press

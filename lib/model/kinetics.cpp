#include "press/model/kinetics.hpp"

#include <cmath>

#include "press/core/error.hpp"

namespace press {

namespace {

// Default boxes. Gierer-Meinhardt: the paper's Table 1. Schnakenberg: the authors' generator
// (data_generate/schnakenberg_generate.py; NOTES 5). Brusselator: the authors' generator's range
// (A in [0.5, 1.5], B = 1 + r A^2 with r in [0.1, 0.9] and B >= 1.25, d in [8, 60]), as a box.
// Lengyel-Epstein: around Lengyel & Epstein's CIMA values (a ~ 10-15; b = sigma b', d = sigma d'
// with sigma ~ 8-50); see docs/kinetics.md.
const KineticsInfo kInfo[kKineticsCount] = {
    {"murray", 4, {"a", "b", "c", "delta"}, {{{0.01, 0.7}, {0.4, 2.0}, {0.02, 7.0}, {20.0, 200.0}}}, 3, true},
    {"printed_eq3", 4, {"a", "b", "c", "delta"}, {{{0.01, 0.7}, {0.4, 2.0}, {0.02, 7.0}, {20.0, 200.0}}}, 3, true},
    {"schnakenberg", 3, {"a", "b", "d", nullptr}, {{{0.05, 0.5}, {0.5, 1.5}, {5.0, 100.0}, {0, 0}}}, 2, false},
    {"brusselator", 3, {"a", "b", "d", nullptr}, {{{0.5, 1.5}, {1.25, 3.0}, {8.0, 60.0}, {0, 0}}}, 2, false},
    {"lengyel_epstein", 3, {"a", "b", "d", nullptr}, {{{8.0, 16.0}, {3.0, 12.0}, {5.0, 60.0}, {0, 0}}}, 2, false},
};

}  // namespace

KineticsId kinetics_from_string(const std::string& s) {
  for (int i = 0; i < kKineticsCount; ++i)
    if (s == kInfo[i].name) return static_cast<KineticsId>(i);
  fail("model.kinetics: value '{}': expected murray, printed_eq3, schnakenberg, brusselator or lengyel_epstein", s);
}

const char* kinetics_name(KineticsId k) { return kInfo[static_cast<int>(k)].name; }
const KineticsInfo& kinetics_info(KineticsId k) { return kInfo[static_cast<int>(k)]; }

std::vector<std::string> param_names(KineticsId k) {
  const KineticsInfo& i = kinetics_info(k);
  return {i.params.begin(), i.params.begin() + i.n_params};
}

std::array<double, kMaxParams> coefficients(KineticsId k, const Params& th) {
  std::array<double, kMaxParams> c{};
  if (k == KineticsId::murray) return {th[0], th[1], th[2], 0};
  if (k == KineticsId::printed_eq3) return {th[1], th[0], th[2], 0};  // f = ... - a u + b: p = b, d = a
  for (int j = 0; j < th.size(); ++j) c[static_cast<std::size_t>(j)] = th[j];
  return c;
}

double diffusion_u(KineticsId k, double s) { return kinetics_info(k).uses_s ? s : 1.0; }
double diffusion_ratio(KineticsId k, const Params& th) { return th[kinetics_info(k).ratio_param]; }

std::vector<double> gm_steady_states(double p, double d, double c) {
  // h(0) = -(p+1) < 0 and h > 0 beyond (p+1)/d. Split (0, hi] at the real roots of h' (where h
  // is monotone between), bisect each piece.
  const double A = d * c, B = -p * c, C = d, D = -(p + 1.0);
  auto h = [&](double u) { return ((A * u + B) * u + C) * u + D; };
  const double hi = (p + 1.0) / d * (1.0 + 1e-12) + 1e-300;
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

SteadyState steady_state(KineticsId k, const Params& th) {
  const auto K = coefficients(k, th);
  SteadyState s;
  switch (k) {
    case KineticsId::murray:
    case KineticsId::printed_eq3: {
      const auto roots = gm_steady_states(K[0], K[1], K[2]);
      if (roots.size() != 1)
        fail("{}: theta ({}): {} positive homogeneous states: expected exactly one", kinetics_name(k),
             fmt::join(th, ", "), roots.size());
      s.u = roots[0];
      s.v = s.u * s.u;
      break;
    }
    case KineticsId::schnakenberg:  // u* = a + b, v* = b / (a + b)^2
      s.u = th[0] + th[1];
      s.v = th[1] / (s.u * s.u);
      break;
    case KineticsId::brusselator:  // u* = a, v* = b / a
      s.u = th[0];
      s.v = th[1] / th[0];
      break;
    case KineticsId::lengyel_epstein:  // u* = a / 5, v* = 1 + u*^2
      s.u = th[0] / 5;
      s.v = 1 + s.u * s.u;
      break;
  }
  if (!(s.u > 0 && s.v > 0 && std::isfinite(s.u) && std::isfinite(s.v)))
    fail("{}: theta ({}): homogeneous state (u*, v*) = ({}, {}): expected a positive, finite one", kinetics_name(k),
         fmt::join(th, ", "), s.u, s.v);
  return s;
}

Jacobian jacobian_at(KineticsId k, const Params& th, const SteadyState& s) {
  const auto K = coefficients(k, th);
  const double u = s.u, v = s.v;
  switch (k) {
    case KineticsId::murray:
    case KineticsId::printed_eq3: {  // at v = u^2
      const double q = 1.0 + K[2] * u * u;
      return Jacobian{-K[1] + 2.0 / (u * q * q), -1.0 / (u * u * q), 2.0 * u, -1.0};
    }
    case KineticsId::schnakenberg:
      return Jacobian{-1.0 + 2.0 * u * v, u * u, -2.0 * u * v, -u * u};
    case KineticsId::brusselator:
      return Jacobian{-(K[1] + 1.0) + 2.0 * u * v, u * u, K[1] - 2.0 * u * v, -u * u};
    case KineticsId::lengyel_epstein: {
      const double q = 1.0 + u * u, dr_du = v * (1.0 - u * u) / (q * q), dr_dv = u / q;  // r = u v / (1 + u^2)
      return Jacobian{-1.0 - 4.0 * dr_du, -4.0 * dr_dv, K[1] * (1.0 - dr_du), -K[1] * dr_dv};
    }
  }
  return {};
}

}  // namespace press

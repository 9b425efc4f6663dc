#pragma once
// Lengyel-Epstein (CIMA; Lengyel & Epstein 1991), theta = (a, b, d), D = (1, d):
//   f = a - u - 4 u v / (1 + u^2),  g = b (u - u v / (1 + u^2))
// (the time scale sigma of the original absorbed: b = sigma b', d = sigma d'). The box: around
// Lengyel & Epstein's CIMA values (a ~ 10-15; b = sigma b', d = sigma d' with sigma ~ 8-50);
// see docs/kinetics.md.
#include "press/model/system.hpp"

namespace press {

struct LengyelEpstein : System<LengyelEpstein, 3> {
  static constexpr const char* name = "lengyel_epstein";
  static constexpr std::array<const char*, 3> params{"a", "b", "d"};
  static constexpr std::array<std::array<double, 2>, 3> box{{{8.0, 16.0}, {3.0, 12.0}, {5.0, 60.0}}};
  static constexpr int ratio_param = 2;

  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] - u - 4 * (u * v / (1 + u * u));
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return k[1] * (u - u * v / (1 + u * u));
  }
  static SteadyState steady_state(const double* k) {  // u* = a / 5, v* = 1 + u*^2
    const double u = k[0] / 5;
    return {u, 1 + u * u};
  }
  static Jacobian jacobian(const double* k, const SteadyState& s) {
    const double u = s.u, v = s.v;
    const double q = 1.0 + u * u, dr_du = v * (1.0 - u * u) / (q * q), dr_dv = u / q;  // r = u v / (1 + u^2)
    return Jacobian{-1.0 - 4.0 * dr_du, -4.0 * dr_dv, k[1] * (1.0 - dr_du), -k[1] * dr_dv};
  }
  static double partner_v(double u, double du_lap_u, const double* k, double fl) {  // f is affine in v
    return affine_partner_v<LengyelEpstein>(u, du_lap_u, k, fl);
  }
};

}  // namespace press

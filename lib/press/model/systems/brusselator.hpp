#pragma once
// Brusselator (Prigogine & Lefever 1968), theta = (a, b, d), D = (1, d):
//   f = a - (b + 1) u + u^2 v,  g = b u - u^2 v.
// The box: the authors' generator's range (A in [0.5, 1.5], B = 1 + r A^2 with r in [0.1, 0.9]
// and B >= 1.25, d in [8, 60]), as a box.
#include "press/model/system.hpp"

namespace press {

struct Brusselator : System<Brusselator, 3> {
  static constexpr const char* name = "brusselator";
  static constexpr std::array<const char*, 3> params{"a", "b", "d"};
  static constexpr std::array<std::array<double, 2>, 3> box{{{0.5, 1.5}, {1.25, 3.0}, {8.0, 60.0}}};
  static constexpr int ratio_param = 2;

  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] - (k[1] + 1) * u + u * u * v;
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return k[1] * u - u * u * v;
  }
  static SteadyState steady_state(const double* k) { return {k[0], k[1] / k[0]}; }  // u* = a, v* = b / a
  static Jacobian jacobian(const double* k, const SteadyState& s) {
    const double u = s.u, v = s.v;
    return Jacobian{-(k[1] + 1.0) + 2.0 * u * v, u * u, k[1] - 2.0 * u * v, -u * u};
  }
  static double partner_v(double u, double du_lap_u, const double* k, double fl) {  // f is affine in v
    return affine_partner_v<Brusselator>(u, du_lap_u, k, fl);
  }
};

}  // namespace press

#pragma once
// Schnakenberg (1979), theta = (a, b, d), D = (1, d):  f = a - u + u^2 v,  g = b - u^2 v.
// The box: the authors' generator (data_generate/schnakenberg_generate.py; NOTES 5).
#include "press/model/system.hpp"

namespace press {

struct Schnakenberg : System<Schnakenberg, 3> {
  static constexpr const char* name = "schnakenberg";
  static constexpr std::array<const char*, 3> params{"a", "b", "d"};
  static constexpr std::array<std::array<double, 2>, 3> box{{{0.05, 0.5}, {0.5, 1.5}, {5.0, 100.0}}};
  static constexpr int ratio_param = 2;

  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] - u + u * u * v;
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return k[1] - u * u * v;
  }
  static SteadyState steady_state(const double* k) {  // u* = a + b, v* = b / (a + b)^2
    const double u = k[0] + k[1];
    return {u, k[1] / (u * u)};
  }
  static Jacobian jacobian(const double*, const SteadyState& s) {
    const double u = s.u, v = s.v;
    return Jacobian{-1.0 + 2.0 * u * v, u * u, -2.0 * u * v, -u * u};
  }
  static double partner_v(double u, double du_lap_u, const double* k, double fl) {  // f is affine in v
    return affine_partner_v<Schnakenberg>(u, du_lap_u, k, fl);
  }
};

}  // namespace press

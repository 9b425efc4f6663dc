#pragma once
// Gray-Scott (Pearson 1993; NCA.md), theta = (F, k, d), D = (s, s d), u = A, v = B:
//   f = -u v^2 + F (1 - u),  g = u v^2 - (F + k) v.
// The NCA paper's values (NCA.md): D_A = 0.1 (model.s), D_B = 0.05 (d = 0.5), F = 0.0623,
// k = 0.06268 in the paper's text (0.06258 in the authors' code). The box spans Pearson's
// pattern-forming region around them. The homogeneous state is (1, 0), linearly stable for every
// F, k > 0 (no Turing instability: trace -2F - k < 0, det F (F + k) > 0, and D_v f_u + D_u g_v < 0),
// so patterns need finite perturbations (simulate.initial: rectangles).
#include <cmath>

#include "press/model/system.hpp"

namespace press {

struct GrayScott : System<GrayScott, 3> {
  static constexpr const char* name = "gray_scott";
  static constexpr std::array<const char*, 3> params{"F", "k", "d"};
  static constexpr std::array<std::array<double, 2>, 3> box{{{0.02, 0.07}, {0.05, 0.07}, {0.25, 0.75}}};
  static constexpr int ratio_param = 2;
  static constexpr bool uses_s = true;

  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] * (1 - u) - u * v * v;
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return u * v * v - (k[0] + k[1]) * v;
  }
  static SteadyState steady_state(const double*) { return {1.0, 0.0}; }
  static Jacobian jacobian(const double* k, const SteadyState& s) {
    const double u = s.u, v = s.v;
    return Jacobian{-v * v - k[0], -2.0 * u * v, v * v, 2.0 * u * v - (k[0] + k[1])};
  }
  // f = 0 is quadratic in v: the non-negative root v = sqrt((D_u Lap u + F (1 - u)) / u).
  static double partner_v(double u, double du_lap_u, const double* k, double) {
    const double q = (du_lap_u + k[0] * (1 - u)) / u;
    return q > 0 ? std::sqrt(q) : 0.0;
  }
};

}  // namespace press

#pragma once
// Gierer-Meinhardt (NOTES 1; Murray 1982), theta = (a, b, c, delta), D = (s, s delta):
//   f = a - b u + u^2 / (v (1 + c u^2)),  g = u^2 - v            (v clamped to v_floor)
// The box: the paper's Table 1. printed_eq3 is the paper's printed Eq. 3, the same with a and b
// swapped (no Turing set in Table 1's box: the erratum of NOTES 1). The reaction coefficients are
// k = (p, d, c), the production and decay of either form.
#include <cmath>

#include "press/model/system.hpp"

namespace press {

struct Murray : System<Murray, 4> {
  static constexpr const char* name = "murray";
  static constexpr std::array<const char*, 4> params{"a", "b", "c", "delta"};
  static constexpr std::array<std::array<double, 2>, 4> box{{{0.01, 0.7}, {0.4, 2.0}, {0.02, 7.0}, {20.0, 200.0}}};
  static constexpr int ratio_param = 3;
  static constexpr bool uses_s = true;
  static constexpr bool gierer_meinhardt = true;
  static constexpr std::array<int, 3> coef{0, 1, 2};  // (p, d, c)

  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S& v_floor) {
    const T vc = floor_at(v, v_floor);
    const T u2 = u * u;
    return k[0] - k[1] * u + u2 / (vc * (1 + k[2] * u2));
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K*, const S&) {
    return u * u - v;
  }
  // (dv + u^2) - v: the operation order the LibTorch loss has always used (GM results keep their bits).
  template <typename T, typename K, typename S>
  static T residual_v(const T& dv, const T& u, const T& v, const K*, const S&) {
    return dv + u * u - v;
  }
  // v* = u*^2, u* the one positive root of d c u^3 - p c u^2 + d u - (p + 1) (gm_steady_states).
  static SteadyState steady_state(const double* k);
  static Jacobian jacobian(const double* k, const SteadyState& s) {  // at v = u^2
    const double u = s.u, q = 1.0 + k[2] * u * u;
    return Jacobian{-k[1] + 2.0 / (u * q * q), -1.0 / (u * u * q), 2.0 * u, -1.0};
  }
};

struct PrintedEq3 : Murray {
  static constexpr const char* name = "printed_eq3";
  static constexpr std::array<int, 3> coef{1, 0, 2};  // f = ... - a u + b: p = b, d = a
};

// Gierer-Meinhardt's positive homogeneous states (u*, v* = u*^2): the positive roots of
// h(u) = d*c*u^3 - p*c*u^2 + d*u - (p + 1), all in (0, (p+1)/d]. Ascending. For p, d, c > 0
// there is exactly one: h(0) < 0 gives at least one, and three positive roots would need
// (by Vieta) r1*r2*r3 > (r1+r2+r3)(r1*r2+r1*r3+r2*r3), which positive roots cannot satisfy.
std::vector<double> gm_steady_states(double p, double d, double c);

}  // namespace press

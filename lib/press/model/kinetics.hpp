#pragma once
// Gierer-Meinhardt kinetics in Murray's form (NOTES 1; Murray 1982):
//   f(u,v) = p - d*u + u^2 / (v*(1 + c*u^2)),   g(u,v) = u^2 - v,
// with (p, d) = (a, b). The paper's printed Eq. 3 (f = u^2/(v(1+cu^2)) - a*u + b) is the same
// function with a and b swapped, so it is offered as a form (kinetics: printed_eq3) to let
// users confirm the erratum: with it no Table 1 parameter set is Turing-unstable.
#include <string>
#include <vector>

#include "press/model/params.hpp"

#if defined(__CUDACC__)
#define PRESS_HD __host__ __device__ __forceinline__
#else
#define PRESS_HD inline
#endif

namespace press {

enum class KineticsForm { murray, printed_eq3 };
KineticsForm kinetics_form_from_string(const std::string& s);
const char* kinetics_form_name(KineticsForm f);

struct Kinetics {
  double p = 0;  // basal activator production
  double d = 0;  // activator decay
  double c = 0;  // saturation
  static Kinetics from(const Params& th, KineticsForm form) {
    return form == KineticsForm::murray ? Kinetics{th.a, th.b, th.c} : Kinetics{th.b, th.a, th.c};
  }
};

// Reaction terms, evaluated in the solver's precision T. v is clamped to v_floor (NOTES 2).
template <typename T>
PRESS_HD T reaction_f(T u, T v, T p, T d, T c, T v_floor) {
  const T vc = v > v_floor ? v : v_floor;
  const T u2 = u * u;
  return p - d * u + u2 / (vc * (T(1) + c * u2));
}
template <typename T>
PRESS_HD T reaction_g(T u, T v) {
  return u * u - v;
}

struct Jacobian {
  double fu, fv, gu, gv;
};

// All positive homogeneous steady states (u*, v* = u*^2): the positive roots of
// h(u) = d*c*u^3 - p*c*u^2 + d*u - (p + 1), all in (0, (p+1)/d]. Ascending. For p, d, c > 0
// there is exactly one: h(0) < 0 gives at least one, and three positive roots would need
// (by Vieta) r1*r2*r3 > (r1+r2+r3)(r1*r2+r1*r3+r2*r3), which positive roots cannot satisfy.
std::vector<double> steady_states(const Kinetics& k);

// Jacobian of (f, g) at (u*, u*^2).
Jacobian jacobian_at(const Kinetics& k, double u_star);

}  // namespace press

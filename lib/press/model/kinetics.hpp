#pragma once
// One interface for the reaction-diffusion kinetics press knows (issue 14). A system is
//   du/dt = D_u Lap(u) + f(u, v),   dv/dt = D_v Lap(v) + g(u, v),   D_v = D_u * ratio(theta),
// and defines: its parameter names and default sampling box (KineticsInfo), D_u and the
// diffusion ratio, f and g (templates callable on the host, in CUDA kernels and on LibTorch
// tensors, so the solvers and the physics loss share one definition), the homogeneous steady
// state and the Jacobian there (steady_state, jacobian_at: hand-derived closed forms, checked
// by the tests against finite differences of f and g).
//
//   murray (Gierer-Meinhardt, NOTES 1; Murray 1982)  theta = (a, b, c, delta), D = (s, s delta)
//       f = a - b u + u^2 / (v (1 + c u^2)),  g = u^2 - v            (v clamped to v_floor)
//   printed_eq3  the paper's printed Eq. 3: the same with a and b swapped (no Turing set in
//       Table 1's box: the erratum of NOTES 1)
//   schnakenberg (Schnakenberg 1979)  theta = (a, b, d), D = (1, d)
//       f = a - u + u^2 v,  g = b - u^2 v
//   brusselator (Prigogine & Lefever 1968)  theta = (a, b, d), D = (1, d)
//       f = a - (b + 1) u + u^2 v,  g = b u - u^2 v
//   lengyel_epstein (CIMA; Lengyel & Epstein 1991)  theta = (a, b, d), D = (1, d)
//       f = a - u - 4 u v / (1 + u^2),  g = b (u - u v / (1 + u^2))
//       (the time scale sigma of the original absorbed: b = sigma b', d = sigma d')
// The reaction terms take coefficients k[] (coefficients()): the parameters themselves, but
// for Gierer-Meinhardt (k = (p, d, c), the production and decay of either form).
// f_affine_in_v: f = f(u, 0) + (f(u, 1) - f(u, 0)) v exactly, so that the stationary u-equation
// gives v from u pixel by pixel (the fit from u alone, fit.hpp, which static_asserts it for every
// system but Gierer-Meinhardt, whose f is not (1/v) and whose v follows from its linear g).
#include <array>
#include <string>
#include <vector>

#include "press/model/params.hpp"

#if defined(__CUDACC__)
#define PRESS_HD __host__ __device__ __forceinline__
#else
#define PRESS_HD inline
#endif

namespace press {

enum class KineticsId { murray, printed_eq3, schnakenberg, brusselator, lengyel_epstein };
inline constexpr int kKineticsCount = 5;
KineticsId kinetics_from_string(const std::string& s);  // model.kinetics
const char* kinetics_name(KineticsId k);

struct KineticsInfo {
  const char* name;
  int n_params;
  std::array<const char*, kMaxParams> params;              // names, in order
  std::array<std::array<double, 2>, kMaxParams> box;       // default params: ranges
  int ratio_param;                                         // index of the parameter D_v / D_u
  bool uses_s;                                             // D_u = model.s (else 1)
};
const KineticsInfo& kinetics_info(KineticsId k);
inline bool is_gierer_meinhardt(KineticsId k) { return k == KineticsId::murray || k == KineticsId::printed_eq3; }
std::vector<std::string> param_names(KineticsId k);
// Whether the physics fit searches parameter j on a log scale (its box must then have lo > 0):
// Gierer-Meinhardt's c and delta (a and b are solved for), every parameter of the others.
inline bool fit_searches_log(KineticsId k, int j) { return !is_gierer_meinhardt(k) || j >= 2; }

// max(v, floor), the clamp of NOTES 2 (a LibTorch overload lives in learn/physics.cpp).
template <typename T, typename S>
PRESS_HD T floor_at(const T& v, const S& floor) {
  return v > floor ? v : T(floor);
}

struct GiererMeinhardt {
  static constexpr bool f_affine_in_v = false;
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
  // The v-equation's residual with its diffusion term dv (= D_v Lap v): for Gierer-Meinhardt
  // (dv + u^2) - v, the operation order the LibTorch loss has always used (GM results keep
  // their bits); dv + g for the others.
  template <typename T, typename K, typename S>
  static T residual_v(const T& dv, const T& u, const T& v, const K*, const S&) {
    return dv + u * u - v;
  }
};

// The v-equation's residual dv + g (dv = D_v Lap v), for the systems without a legacy order.
template <typename Sys>
struct StationaryV {
  template <typename T, typename K, typename S>
  static T residual_v(const T& dv, const T& u, const T& v, const K* k, const S& fl) {
    return dv + Sys::g(u, v, k, fl);
  }
};

struct Schnakenberg : StationaryV<Schnakenberg> {
  static constexpr bool f_affine_in_v = true;
  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] - u + u * u * v;
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return k[1] - u * u * v;
  }
};

struct Brusselator : StationaryV<Brusselator> {
  static constexpr bool f_affine_in_v = true;
  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] - (k[1] + 1) * u + u * u * v;
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return k[1] * u - u * u * v;
  }
};

struct LengyelEpstein : StationaryV<LengyelEpstein> {
  static constexpr bool f_affine_in_v = true;
  template <typename T, typename K, typename S>
  static PRESS_HD T f(const T& u, const T& v, const K* k, const S&) {
    return k[0] - u - 4 * (u * v / (1 + u * u));
  }
  template <typename T, typename K, typename S>
  static PRESS_HD T g(const T& u, const T& v, const K* k, const S&) {
    return k[1] * (u - u * v / (1 + u * u));
  }
};

// Calls fn(System{}) with the struct of kinetics k (a compile-time type for the templates).
template <typename Fn>
decltype(auto) with_kinetics(KineticsId k, Fn&& fn) {
  switch (k) {
    case KineticsId::schnakenberg: return fn(Schnakenberg{});
    case KineticsId::brusselator: return fn(Brusselator{});
    case KineticsId::lengyel_epstein: return fn(LengyelEpstein{});
    case KineticsId::murray:
    case KineticsId::printed_eq3: break;
  }
  return fn(GiererMeinhardt{});
}

// The reaction coefficients k[0..kMaxParams) of theta (zero-filled past the system's own).
std::array<double, kMaxParams> coefficients(KineticsId k, const Params& theta);
// D_u (model.s for Gierer-Meinhardt, else 1) and D_v / D_u.
double diffusion_u(KineticsId k, double s);
double diffusion_ratio(KineticsId k, const Params& theta);

struct SteadyState {
  double u = 0, v = 0;
};
struct Jacobian {
  double fu, fv, gu, gv;
};

// The positive homogeneous steady state of theta; press::Error naming the kinetics and the
// values when there is none (or, for Gierer-Meinhardt, not exactly one).
SteadyState steady_state(KineticsId k, const Params& theta);
// Jacobian of (f, g) at the steady state s of theta.
Jacobian jacobian_at(KineticsId k, const Params& theta, const SteadyState& s);

// Gierer-Meinhardt's positive homogeneous states (u*, v* = u*^2): the positive roots of
// h(u) = d*c*u^3 - p*c*u^2 + d*u - (p + 1), all in (0, (p+1)/d]. Ascending. For p, d, c > 0
// there is exactly one: h(0) < 0 gives at least one, and three positive roots would need
// (by Vieta) r1*r2*r3 > (r1+r2+r3)(r1*r2+r1*r3+r2*r3), which positive roots cannot satisfy.
std::vector<double> gm_steady_states(double p, double d, double c);

}  // namespace press

#pragma once
// What one reaction-diffusion system defines (kinetics.hpp lists them; systems/ holds one file
// each). A system is
//   du/dt = D_u Lap(u) + f(u, v),   dv/dt = D_v Lap(v) + g(u, v),   D_v = D_u * theta[ratio_param],
// with D_u = model.s when uses_s, else 1. Its struct, derived from System<Self, P>, holds:
//   name, params (P names, in order), box (the default sampling ranges), ratio_param, uses_s;
//   coef (optional): which parameter each reaction coefficient k[j] is (default: k = theta);
//   f, g: templates callable on the host, in CUDA kernels and on LibTorch tensors, so that the
//     solvers, the fit and the physics loss share one definition;
//   steady_state(theta): the homogeneous steady state (a hand-derived closed form);
//   jacobian(k, s): the Jacobian of (f, g) at s (hand-derived; the tests check it against
//     finite differences of f and g);
//   partner_v(u, du_lap_u, k, v_floor): the v that solves the stationary u-equation
//     D_u Lap(u) + f(u, v) = 0 pixel by pixel (the fit from u alone, fit/fit.hpp); Gierer-
//     Meinhardt, whose v follows from its linear g instead, sets gierer_meinhardt.
// residual_v (the stationary v-equation's residual dv + g, dv = D_v Lap v) has a default.
#include <array>
#include <cstddef>

#include "press/model/params.hpp"

#if defined(__CUDACC__)
#define PRESS_HD __host__ __device__ __forceinline__
#else
#define PRESS_HD inline
#endif

namespace press {

struct SteadyState {
  double u = 0, v = 0;
};
struct Jacobian {
  double fu, fv, gu, gv;
};

// max(v, floor), the clamp of NOTES 2 (a LibTorch overload lives in learn/physics.cpp).
template <typename T, typename S>
PRESS_HD T floor_at(const T& v, const S& floor) {
  return v > floor ? v : T(floor);
}

template <std::size_t P>
constexpr std::array<int, P> identity_coef() {
  std::array<int, P> c{};
  for (std::size_t j = 0; j < P; ++j) c[j] = static_cast<int>(j);
  return c;
}

// partner_v of a system whose f is affine in v (f = f(u, 0) + (f(u, 1) - f(u, 0)) v exactly).
template <typename Sys>
double affine_partner_v(double u, double du_lap_u, const double* k, double v_floor) {
  const double f0 = Sys::f(u, 0.0, k, v_floor);
  return -(f0 + du_lap_u) / (Sys::f(u, 1.0, k, v_floor) - f0);
}

// The defaults of every system; Self is the system's own struct, P its parameter count.
template <typename Self, std::size_t P>
struct System {
  static_assert(P >= 1 && P <= static_cast<std::size_t>(kMaxParams),
                "a system has 1 to kMaxParams parameters: raise kMaxParams (model/params.hpp) for more");
  static constexpr std::size_t n_params = P;
  static constexpr bool uses_s = false;
  static constexpr bool gierer_meinhardt = false;
  static constexpr std::array<int, P> coef = identity_coef<P>();
  template <typename T, typename K, typename S>
  static T residual_v(const T& dv, const T& u, const T& v, const K* k, const S& fl) {
    return dv + Self::g(u, v, k, fl);
  }
};

}  // namespace press

#pragma once
// The reaction-diffusion systems press knows, listed once (Systems below), and the runtime
// interface over them (issue 14, issue 22). Each system is one file in systems/ (what it
// defines: system.hpp). Adding one takes its file, its line in Systems, its model.kinetics enum
// entry (and parameter names) in config/schema.yaml, and its test; no switch, no fixed array.
#include <array>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "press/model/params.hpp"
#include "press/model/system.hpp"
#include "press/model/systems/brusselator.hpp"
#include "press/model/systems/gierer_meinhardt.hpp"
#include "press/model/systems/gray_scott.hpp"
#include "press/model/systems/lengyel_epstein.hpp"
#include "press/model/systems/schnakenberg.hpp"

namespace press {

// Every system, in the order of KineticsId. The first is the default (model.kinetics: murray).
using Systems = std::tuple<Murray, PrintedEq3, Schnakenberg, Brusselator, LengyelEpstein, GrayScott>;
inline constexpr int kKineticsCount = static_cast<int>(std::tuple_size_v<Systems>);

// A system by its position in Systems.
enum class KineticsId : int {};
namespace detail {
template <typename Sys, std::size_t... I>
constexpr int system_index(std::index_sequence<I...>) {
  constexpr bool same[] = {std::is_same_v<Sys, std::tuple_element_t<I, Systems>>...};
  for (std::size_t i = 0; i < sizeof...(I); ++i)
    if (same[i]) return static_cast<int>(i);
  return -1;
}
}  // namespace detail
template <typename Sys>
constexpr KineticsId kinetics_id_of() {
  constexpr int i = detail::system_index<Sys>(std::make_index_sequence<kKineticsCount>{});
  static_assert(i >= 0, "not a system of kinetics.hpp's Systems");
  return KineticsId{i};
}
template <typename Sys>
inline constexpr KineticsId kinetics_id = kinetics_id_of<Sys>();

KineticsId kinetics_from_string(const std::string& s);  // model.kinetics
const char* kinetics_name(KineticsId k);

// Calls fn(System{}) with the struct of kinetics k (a compile-time type for the templates).
template <typename Fn, std::size_t... I>
decltype(auto) with_kinetics_impl(KineticsId k, Fn&& fn, std::index_sequence<I...>) {
  using R = decltype(fn(std::tuple_element_t<0, Systems>{}));
  if constexpr (std::is_void_v<R>) {
    (void)((static_cast<int>(k) == static_cast<int>(I) ? (fn(std::tuple_element_t<I, Systems>{}), true) : false) || ...);
  } else {
    R r{};
    (void)((static_cast<int>(k) == static_cast<int>(I) ? (r = fn(std::tuple_element_t<I, Systems>{}), true) : false) || ...);
    return r;
  }
}
template <typename Fn>
decltype(auto) with_kinetics(KineticsId k, Fn&& fn) {
  return with_kinetics_impl(k, std::forward<Fn>(fn), std::make_index_sequence<kKineticsCount>{});
}

// A system's description at run time.
struct KineticsInfo {
  std::string name;
  int n_params;
  std::vector<std::string> params;            // names, in order
  std::vector<std::array<double, 2>> box;     // default params: ranges
  int ratio_param;                            // index of the parameter D_v / D_u
  bool uses_s;                                // D_u = model.s (else 1)
  bool gierer_meinhardt;                      // the fit's Gierer-Meinhardt path (fit/fit.hpp)
};
const KineticsInfo& kinetics_info(KineticsId k);
inline bool is_gierer_meinhardt(KineticsId k) { return kinetics_info(k).gierer_meinhardt; }
std::vector<std::string> param_names(KineticsId k);
// Whether the physics fit searches parameter j on a log scale (its box must then have lo > 0):
// Gierer-Meinhardt's c and delta (a and b are solved for), every parameter of the others.
inline bool fit_searches_log(KineticsId k, int j) { return !is_gierer_meinhardt(k) || j >= 2; }

// The reaction coefficients k[0..kMaxParams) of theta (Sys::coef; zero-filled past them).
std::array<double, kMaxParams> coefficients(KineticsId k, const Params& theta);
// D_u (model.s when the system uses_s, else 1) and D_v / D_u.
double diffusion_u(KineticsId k, double s);
double diffusion_ratio(KineticsId k, const Params& theta);

// The homogeneous steady state of theta; press::Error naming the kinetics and the values when
// it is not finite with u* > 0 and v* >= 0 (for Gierer-Meinhardt: not exactly one positive).
SteadyState steady_state(KineticsId k, const Params& theta);
// Jacobian of (f, g) at the steady state s of theta.
Jacobian jacobian_at(KineticsId k, const Params& theta, const SteadyState& s);

}  // namespace press

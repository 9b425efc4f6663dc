#include "press/model/kinetics.hpp"

#include <cmath>
#include <fmt/ranges.h>

#include "press/core/error.hpp"

namespace press {

namespace {

template <typename Sys>
KineticsInfo info_of() {
  KineticsInfo i{Sys::name, static_cast<int>(Sys::n_params), {}, {}, Sys::ratio_param, Sys::uses_s, Sys::gierer_meinhardt};
  for (std::size_t j = 0; j < Sys::n_params; ++j) i.params.emplace_back(Sys::params[j]), i.box.push_back(Sys::box[j]);
  return i;
}

template <std::size_t... I>
std::array<KineticsInfo, kKineticsCount> all_info(std::index_sequence<I...>) {
  return {info_of<std::tuple_element_t<I, Systems>>()...};
}

const std::array<KineticsInfo, kKineticsCount>& infos() {
  static const auto all = all_info(std::make_index_sequence<kKineticsCount>{});
  return all;
}

}  // namespace

KineticsId kinetics_from_string(const std::string& s) {
  std::vector<std::string> names;
  for (int i = 0; i < kKineticsCount; ++i) {
    if (s == infos()[static_cast<std::size_t>(i)].name) return KineticsId{i};
    names.push_back(infos()[static_cast<std::size_t>(i)].name);
  }
  fail("model.kinetics: value '{}': expected one of {}", s, fmt::join(names, ", "));
}

const KineticsInfo& kinetics_info(KineticsId k) { return infos()[static_cast<std::size_t>(k)]; }
const char* kinetics_name(KineticsId k) { return kinetics_info(k).name.c_str(); }
std::vector<std::string> param_names(KineticsId k) { return kinetics_info(k).params; }

std::array<double, kMaxParams> coefficients(KineticsId k, const Params& th) {
  return with_kinetics(k, [&](auto sys) {
    std::array<double, kMaxParams> c{};
    const auto& map = decltype(sys)::coef;
    for (std::size_t j = 0; j < map.size(); ++j) c[j] = th[map[j]];
    return c;
  });
}

double diffusion_u(KineticsId k, double s) { return kinetics_info(k).uses_s ? s : 1.0; }
double diffusion_ratio(KineticsId k, const Params& th) { return th[kinetics_info(k).ratio_param]; }

SteadyState Murray::steady_state(const double* k) {
  const auto roots = gm_steady_states(k[0], k[1], k[2]);
  if (roots.size() != 1) fail("{} positive homogeneous states: expected exactly one", roots.size());
  return {roots[0], roots[0] * roots[0]};
}

SteadyState steady_state(KineticsId k, const Params& th) {
  const auto K = coefficients(k, th);
  SteadyState s;
  try {
    s = with_kinetics(k, [&](auto sys) { return decltype(sys)::steady_state(K.data()); });
  } catch (const Error& e) {
    fail("{}: theta ({}): {}", kinetics_name(k), fmt::join(th, ", "), e.what());
  }
  if (!(s.u > 0 && s.v >= 0 && std::isfinite(s.u) && std::isfinite(s.v)))
    fail("{}: theta ({}): homogeneous state (u*, v*) = ({}, {}): expected a finite one with u* > 0, v* >= 0",
         kinetics_name(k), fmt::join(th, ", "), s.u, s.v);
  return s;
}

Jacobian jacobian_at(KineticsId k, const Params& th, const SteadyState& s) {
  const auto K = coefficients(k, th);
  return with_kinetics(k, [&](auto sys) { return decltype(sys)::jacobian(K.data(), s); });
}

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

}  // namespace press

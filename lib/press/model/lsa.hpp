#pragma once
// Linear stability analysis of the homogeneous state of any kinetics (kinetics.hpp): the four
// classical Turing conditions on J and D = D_u diag(1, rho) (D_u cancels from all four), plus a scan of the grid's lattice
// wavenumbers k = 2*pi*|n| / (N*dx) for an unstable mode (NOTES 2).
#include <string>
#include <vector>

#include <array>
#include <cstdint>

#include "press/model/grid_physics.hpp"
#include "press/model/kinetics.hpp"
#include "press/model/param_table.hpp"

namespace press {

class Config;

// Largest real part of the eigenvalues of J - du*k^2*diag(1, ratio): the linear growth rate of
// Fourier mode k^2 (the dispersion relation).
double growth_rate(const Jacobian& J, double du, double ratio, double k2);

// The distinct |n|^2 = nx^2 + ny^2 > 0 over the N x N FFT lattice (nx, ny in [-N/2, N/2)).
std::vector<int> lattice_shells(int n);

enum class Verdict {
  turing,                  // accepted
  unstable_trace,          // cond 1: tr J < 0 fails
  unstable_det,            // cond 2: det J > 0 fails
  no_cond3,                // cond 3: rho*f_u + g_v > 0 fails
  no_cond4,                // cond 4: (rho*f_u + g_v)^2 > 4*rho*det J fails
  no_lattice_mode,         // conditions hold but no lattice wavenumber is unstable
};
const char* verdict_name(Verdict v);
constexpr int kVerdictCount = 6;

struct LsaResult {
  Verdict verdict = Verdict::turing;
  double u_star = 0, v_star = 0;
  Jacobian J{};
  bool conditions_hold = false;  // the four continuous conditions
  bool lattice_unstable = false; // some lattice mode grows (evaluated when cond 1-2 hold)
  double k_max = 0, lambda_max = 0, wavelength = 0;  // fastest lattice mode
};

struct LsaSettings : GridPhysics {
  bool require_lattice_mode = true;
};

LsaSettings lsa_settings(const Config& cfg);

class TuringFilter {
 public:
  explicit TuringFilter(const LsaSettings& st);
  LsaResult operator()(const Params& th) const;

 private:
  LsaSettings st_;
  std::vector<double> k2_;  // lattice k^2 values, ascending
};

// The lsa_filter stage: classify every candidate and keep the Turing-unstable ones, in id
// order, with columns u_star,v_star,k_max,lambda_max,wavelength added.
struct FilterReport {
  ParamTable accepted;  // the kept rows
  std::array<std::int64_t, kVerdictCount> counts{};  // indexed by Verdict
  std::int64_t conditions_without_lattice = 0;  // four conditions hold, no lattice mode grows
  std::int64_t lattice_without_conditions = 0;  // a lattice mode grows, conditions fail (theory: 0)
};
// keep_all: keep every candidate (not only the Turing-unstable ones) and add a column `turing`
// (1 or 0); used to re-simulate predicted parameters, which need the homogeneous state too.
FilterReport run_turing_filter(const ParamTable& candidates, const LsaSettings& st, int threads, bool keep_all = false);

}  // namespace press

#pragma once
// The per-instance physics fit (NOTES 6): the parameters of one steady pattern by least squares
// on the stationary equations (PRESS Eq. 7-8), with no training data.
//
// Gierer-Meinhardt (murray, printed_eq3; NOTES 1), with its structure exploited:
//   R_u = s Lap(u) + p - d u + u^2 / (max(v, v_floor)(1 + c u^2)),   R_v = s delta Lap(v) + u^2 - v
// ((p, d) = (a, b) in the Murray form, (b, a) in the printed Eq. 3.) R_u is linear in (p, d).
//   input u:  v = (1 - s delta Lap)^-1 u^2 (one solve in Fourier space; R_v = 0 exactly), (p, d)
//             by linear least squares for each (c, delta), and (c, delta) by a nested search:
//             the profile J*(delta) = min_c J(c, delta) over log delta, each value a 1-D search
//             over log c. Nested 1-D rather than 2-D because J has a narrow curved valley in
//             (c, delta) (measured: 5 decades deep) along which a 2-D simplex stalls.
//   input uv: delta in closed form from R_v, (p, d) linear for each c, c by the same 1-D search.
// Every 1-D search: a log-spaced grid over the config's box, then NLopt's BOBYQA from the best
// grid point, bounded by the box (fit.grid, fit.xtol, fit.max_evals).
// Objective: mean over pixels of R_u^2 + R_v^2 with the chosen Laplacian (spectral, the solver's
// operator, by default; fd = the 5-point stencil, applied through its exact Fourier symbol).
// denoise band (a noise-robust variant): the residuals are projected onto the Fourier modes
// with |k| <= fit.band * k_peak, k_peak the peak of u's radially summed power spectrum (the
// pattern's wavenumber, which lies in the LSA's unstable band). A weak form with band-limited
// test functions: the Laplacian amplifies noise by |k|^2, so the high modes, where the noise
// dominates, are left out of the fit.
//
// The other kinetics (Schnakenberg, Brusselator, Lengyel-Epstein; fit_lm.cpp): Levenberg-Marquardt
// on log theta over every pixel's (R_u, R_v), from the best point of a fit.grid^P grid over the
// log box, with a central-difference Jacobian.
//   input uv: the residuals of the given (u, v).
//   input u:  f is affine in v (f = alpha(u) + beta(u) v), so R_u = 0 gives u's steady partner
//             v = -(alpha(u) + D_u Lap u) / beta(u) pixel by pixel, and the fit minimises R_v of
//             that v (Lap v holds Lap of Lap u: far more sensitive to noise than input uv).
//   denoise band: the residual vector is (R_u, R_v)'s Fourier coefficients on the band above and
//   on k = 0 (where the parameters that enter as constants show, e.g. Schnakenberg's a and b).
//   Identifiability is checked, not assumed: a flat direction of the scaled J^T J (eigenvalue
//   ratio < 1e-6) gives status unidentified, names the combination, and holds the parameter it
//   moves most at its log box centre.
#include <complex>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "press/model/params.hpp"
#include "press/model/grid_physics.hpp"

namespace press {

class Config;
template <typename Real> class FftwPlan;

enum class FitInput { u, uv };
enum class FitDenoise { none, band };
enum class FitStatus : std::int8_t { converged = 0, at_bound = 1, failed = 2, unidentified = 3 };
const char* fit_status_name(FitStatus s);
FitInput fit_input_from_string(const std::string& s);
FitDenoise fit_denoise_from_string(const std::string& s);

// The fit's rule on the box: each parameter it searches on a log scale (fit_searches_log) has
// lo > 0, else press::Error naming the config and key. One of the config rules while
// fit.variants is not empty (app/config_rules.hpp); FitSettings::from_config runs it too.
void check_fit_box(const Config& cfg);

struct FitSettings {
  FitInput input = FitInput::u;
  FitDenoise denoise = FitDenoise::none;
  LaplacianKind laplacian = LaplacianKind::spectral;
  double band = 2.0;     // band cutoff, in multiples of the pattern's peak wavenumber
  int grid = 8;          // grid points of each 1-D search's coarse log grid
  double xtol = 1e-9;    // BOBYQA's absolute tolerance on log c and log delta
  int max_evals = 20000; // objective evaluations per sample, all searches together
  // fit.* keys; `input` and `denoise` are the tool's options. Checks the box (check_fit_box).
  static FitSettings from_config(const Config& cfg);
  std::string variant() const;  // "u", "uv", "u_band", "uv_band"
};

struct FitResult {
  Params params;
  double objective = 0;  // the minimised mean R_u^2 + R_v^2 (projected onto the band if denoised)
  long evals = 0;        // objective evaluations
  FitStatus status = FitStatus::failed;
  std::string why;       // for at_bound / failed / unidentified: which parameter, what went wrong
};

// Whether `p` is an estimate in `box`'s space: one finite value per parameter. A failed fit may
// return none (an empty Params); the CSVs then leave its fields empty.
bool has_estimate(const Params& p, const ParamRanges& box);

class PatternFitter {
 public:
  // `box`: the search box of c and delta (its a, b rows are not used: (a, b) are unconstrained);
  // for the other kinetics, the box of the starting grid (the search itself is unbounded).
  PatternFitter(int n, const PhysicsOptions& phys, const ParamRanges& box, const FitSettings& st);
  ~PatternFitter();
  PatternFitter(const PatternFitter&) = delete;
  PatternFitter& operator=(const PatternFitter&) = delete;

  // u, v: n x n row-major; v is required for input uv and ignored for input u. Thread-safe.
  FitResult fit(const float* u, const float* v) const;

  // Mean over pixels of R_u^2 + R_v^2 (PRESS Eq. 14-15) of the fields with parameters p and
  // Laplacian `lap`: the metric that evaluate reports for the networks. Thread-safe.
  double residual(const float* u, const float* v, const Params& p, LaplacianKind lap) const;

  // The residual of u alone: residual(u, v, p, fit.laplacian) with v u's steady partner for p
  // (partner_v), so one of R_u, R_v vanishes: Gierer-Meinhardt's R_v, the others' R_u. Thread-safe.
  double residual_u(const float* u, const Params& p) const;

  int n() const { return n_; }

 private:
  struct Work;
  struct Gm;  // one Gierer-Meinhardt fit (fit.cpp)
  struct Lm;  // one Levenberg-Marquardt run (fit_lm.cpp)
  FitResult fit_gm(const float* u, const float* v) const;
  FitResult fit_lm(const float* u, const float* v) const;  // any other kinetics (fit_lm.cpp)
  // u's steady partner v for p: Gierer-Meinhardt's v = (1 - s delta Lap)^-1 u^2 (R_v = 0); the
  // others' v = -(f(u, 0) + D_u lap_u) / (f(u, 1) - f(u, 0)) (R_u = 0). lap_u = Lap(u) with the
  // fit's Laplacian (unused for Gierer-Meinhardt).
  std::vector<double> partner_v(const float* u, const double* lap_u, const Params& p) const;
  // denoise band: the modes k != 0 with |k| <= fit.band * k_peak (k_peak: the peak of u's radially
  // summed power, from uh = FFT(u)) and their r2c weights (1 or 2).
  struct BandModes {
    std::vector<std::size_t> k;
    std::vector<double> w;
  };
  BandModes band_modes(const std::vector<std::complex<double>>& uh) const;
  // Fourier multiplier `sym` times each of x (n x n), in double.
  template <typename T>
  std::vector<double> apply_symbol(const T* x, const std::vector<double>& sym) const;
  // Mean over pixels of R_u^2 + R_v^2 with parameters p, given Lap(u) and Lap(v); R_u, R_v into r
  // (R_u of every pixel, then R_v) unless r is null.
  double stationary_residuals(const float* u, const double* v, const double* lap_u, const double* lap_v,
                              const Params& p, double* r) const;
  int n_;
  PhysicsOptions phys_;
  ParamRanges box_;
  FitSettings st_;
  std::unique_ptr<FftwPlan<double>> plan_;
  std::vector<double> sym_;  // the fit's Laplacian symbol
};

}  // namespace press

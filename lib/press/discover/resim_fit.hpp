#pragma once
// Equation discovery by re-simulation (issue 24; docs/binn.md "Re-simulation"): an output-error
// fit. Each candidate pair of laws, D(u) of one form and G(u) of another, is simulated with press's
// density solver from the experiment's initial shape and compared with the observed frames; its
// coefficients (and the initial amplitude) minimise the sum of squared differences, and the
// candidates are ranked by an information criterion. No surrogate and no derivatives of the data:
// the BINN's failure (the residual on a fitted surrogate prefers wrong laws) cannot happen here,
// at the price of one simulation per objective evaluation.
//   model     u_t = div(D(u) grad u) + G(u) u on the data's square (sim/density_solver), the
//             boundary and length of the data's attributes, on a grid of `fine` points whose every
//             stride-th point is an observed one, from amplitude x the cos^2 bump (the synthetic
//             experiment's known initial shape; the amplitude is fitted)
//   bounds    D's coefficients keep D >= 0 and non-decreasing in u (the BINN's own constraints:
//             BINN.md), a in [1e-4, 0.2], b in [0, 0.5], the saturating rate in [0.1, 50], the
//             power's exponent in [0.5, 3]; G's a in [-5, 5], b in [-10, 10]; the amplitude within a
//             factor 2 of frame 0's maximum
//   optimiser Levenberg-Marquardt on the coefficients scaled to [0, 1] by their bounds (steps
//             clipped into the box), the Jacobian by forward differences of simulations, from D =
//             0.02, G = 0 and frame 0's maximum. A simulation that fails (a step underflow, a
//             non-finite state) rejects the step. Not BOBYQA (NLopt): measured, its quadratic model
//             stopped after 30 simulations at an RMS error of 0.2 once one trial point failed.
//   choose    AICc = n ln(RSS/n) + 2k + 2k(k+1)/(n-k-1) with n observed values (every frame) and k
//             coefficients (D's, G's and the amplitude)
//   report    RSS, the RMS difference against the observed and against the clean frames (the
//             re-simulation error of the discovered equation), simulations, seconds
// Deterministic: the solver and BOBYQA are sequential.
#include <functional>
#include <string>
#include <vector>

#include "press/io/density_io.hpp"
#include "press/model/density_law.hpp"
#include "press/sim/density_solver.hpp"

namespace press {

class Config;

struct ResimSettings {
  // binn.resim_fine and binn.resim_max_evals.
  static ResimSettings from_config(const Config& cfg);
  int fine = 41;           // simulation grid points per side; (fine - 1) a multiple of (m - 1)
  Dopri5Settings dopri{1e-10, 1e-12, 50'000};  // tight: the Jacobian is by differences
  int max_evals = 400;     // simulations per candidate
  double xtol = 1e-9;      // the smallest step, on the [0, 1]-scaled coefficients
};

struct ResimFit {
  DensityLaw diffusion, growth;
  double amplitude = 0;
  double rss = 0, aicc = 0;
  double rms_observed = 0, rms_clean = 0;  // sqrt(mean (sim - data)^2) over every observed value
  long evals = 0;
  double seconds = 0;
};

// The observed frames' grid geometry from the data (m points, the attributes' length and
// boundary) on a `fine`-point simulation grid; press::Error naming --fine when it does not nest.
DensityModel resim_model(const DensityData& d, int fine);

// The simulated frames of `eq` at the data's times, sampled onto its observed points ([F, m, m]).
std::vector<double> resimulate(const DensityData& d, const DensityEquation& eq, double amplitude,
                               const ResimSettings& s);

// The re-simulation error of a discovered equation (the BINN's closed forms, sparse regression's
// terms): `eq` simulated from the experiment's own initial condition (the cos^2 bump at the data's
// `amplitude` attribute: the equation is scored, not a fitted start), as the RMS difference against
// the clean frames. NaN when the simulation fails (a step underflow, a non-finite state, the step
// limit): an equation that does not run has no error to report.
double resim_error(const DensityData& d, const DensityEquation& eq, const ResimSettings& s);

// One candidate: D of form `fd`, G of form `fg`, fitted to level `level`'s frames.
ResimFit fit_by_resimulation(const DensityData& d, std::size_t level, LawForm fd, LawForm fg, const ResimSettings& s);

// Every D form with G of each of `g_forms`, best (lowest AICc) first; a progress line per candidate
// through `progress`.
std::vector<ResimFit> rank_by_resimulation(const DensityData& d, std::size_t level, const std::vector<LawForm>& g_forms,
                                           const ResimSettings& s,
                                           const std::function<void(const ResimFit&)>& progress = {});

// `fit`'s re-simulated frames beside level `level`'s observed and the clean ones, as CSV: frame, t,
// x, y, observed, clean, resim (every observed point of every frame).
std::string resim_frames_csv(const DensityData& d, std::size_t level, const ResimFit& fit, const ResimSettings& s);

// The ranking as CSV: rank, d_expression, g_expression, amplitude, k, rss, aicc, rms_observed,
// rms_clean, evals, seconds.
std::string resim_csv(const std::vector<ResimFit>& fits);

}  // namespace press

#pragma once
// Two species from frames (issue 24, item 4; docs/binn.md "Two species"): given trajectories of
// a reaction-diffusion system
//   u_t = D_u lap u + f(u, v),   v_t = D_v lap v + g(u, v)
// saved by `simulate` (simulate.frame_every > 0), recover its kinetics two ways.
//   sparse regression  u_t and v_t each on the library lap u, lap v and the monomials of (u, v) up
//                      to degree 3 (sindy.hpp's STLSQ on unit-norm columns): Schnakenberg's
//                      f = a - u + u^2 v and g = b - u^2 v are in it, as are Brusselator's and
//                      Gray-Scott's; Gierer-Meinhardt's and Lengyel-Epstein's rational terms are not
//   model selection    every kinetics press knows (kinetics.hpp's Systems) fitted to the same
//                      derivatives: its parameters and D_u (D_v = D_u theta[ratio_param]) by
//                      Levenberg-Marquardt (Eigen's MINPACK port) on their logarithms, from the
//                      centre of its box and `starts` - 1 Halton points in it (log scale); each
//                      equation's residual divided by the RMS of its u_t (or v_t), so that both
//                      count alike; ranked by AICc = N ln(RSS/N) + 2k + 2k(k+1)/(N-k-1) over the
//                      N = 2 x rows residuals, k = parameters + 1
// Derivatives: u_t by central differences between frames m - 1 and m + 1 (the interior frames of
// each trajectory), lap by the 9-point stencil 1/4 [[1,2,1],[2,-12,2],[1,2,1]] / dx^2 on the
// periodic grid (the euler9 integrator's own; a semi-implicit trajectory gets the same stencil).
// Noise: simulate's observation noise (rng.hpp: N(0, (level x (max - min))^2)) on each trajectory's
// u and v, the range over the whole trajectory, keyed by (seed, row).
// Weak form (TestFunctions, binn.weak_width and binn.weak_frames): both steps may instead use
// every column (u_t, lap u, the monomials, f(u, v) of a candidate) integrated against test
// functions phi(x) phi(y) psi(t) centred on a lattice of points, phi(k) ~ (1 - (k / (w + 1))^2)^2
// for |k| <= w cells (periodic), psi the same over |k| <= wt frames (only centres whose window
// lies inside the trajectory's interior frames), the centres every max(w, 1) cells and
// max(wt, 1) frames. Convolution commutes with the stencil and the central difference, so the
// equation holds term by term exactly as before, while the derivatives' noise (the stencil's
// 3.2 sigma / dx^2, the difference's sigma sqrt 2 / (2 dt)) is averaged by the window (moved onto
// the smooth test function, as in weak SINDy: Messenger & Bortz 2021). w = wt = 0: the pointwise
// (strong) form, every row. The nonlinear terms keep their O(sigma^2) bias (E f(u + e) != f(u)).
// SIMEX (binn.simex_draws > 0; Cook & Stefanski 1994) removes it to leading order: the noise's sd
// is estimated from the frames (noise_sigma), the first kinetics refitted with extra noise of
// variance zeta sigma^2 added, zeta = 0.5, 1, 1.5, 2 (the mean of `draws` draws each, the same
// draws scaled for every zeta), and each parameter's path, quadratic in zeta, extrapolated to
// zeta = -1: no noise. Exact for a bias linear in sigma^2 (Schnakenberg's u^2 v: E (u + e)^2 v =
// u^2 v + sigma_u^2 v).
// Deterministic: sequential.
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "press/discover/sindy.hpp"
#include "press/model/kinetics.hpp"

namespace press {

struct FrameDerivatives {
  KineticsId truth{};         // the shard's kinetics
  Params theta;                // the trajectories' parameters
  double s = 0, v_floor = 0;   // the shard's model.s and model.v_floor
  Eigen::VectorXd u, v, lap_u, lap_v, ut, vt;  // one entry per pixel of every interior frame
  long trajectories = 0, frames = 0;           // frames per trajectory used (interior)
  int n = 0;                                   // grid points per side (rows: trajectory, frame, y, x)
  double frame_dt = 0;                         // time between frames
  std::vector<double> sigma_u, sigma_v;        // per trajectory: noise_sigma of its frames as observed
                                               // (empty for a SIMEX draw)
};

// The sd of white noise on a trajectory's frames ([frames, cells], at least 3), from the second
// differences in time, x[k+1] - 2 x[k] + x[k-1] (variance 6 sigma^2 for white noise; a smooth
// trajectory adds dt^4 x_tt^2): the median over k of their mean square, / 6, square-rooted. The
// median keeps a fast transient (the first frames from noise) out.
double noise_sigma(const float* frames, std::size_t count, std::size_t cells);

// SIMEX's extra noise: N(0, zeta sigma^2) per trajectory (sigma: FrameDerivatives' estimates, in
// the order of its trajectories), draw `draw`.
struct SimexNoise {
  double zeta = 0;
  int draw = 0;
  std::vector<double> sigma_u, sigma_v;
};

// The derivatives of trajectories `rows` of `shard` (empty: every ok one) at observation noise
// `level` (0: none), plus `extra` when given. press::Error naming the file for a shard without
// frames or with fewer than 3, a row out of range or not ok, or rows of different parameter sets
// (one system is fitted).
FrameDerivatives frame_derivatives(const std::string& shard, const std::vector<std::size_t>& rows, double level,
                                   std::uint32_t seed, const SimexNoise* extra = nullptr);

// The weak form's test functions on the rows of `d` (see the header); w = wt = 0: the identity.
class TestFunctions {
 public:
  // press::Error for a negative width, a window wider than the grid or the trajectory's frames.
  TestFunctions(const FrameDerivatives& d, int w, int wt);
  long rows() const { return rows_; }
  int width() const { return w_; }
  int frames() const { return wt_; }
  // One column (a value per row of d) integrated against every test function: rows() values,
  // ordered trajectory, centre frame, centre y, centre x.
  Eigen::VectorXd apply(const Eigen::VectorXd& column) const;

 private:
  int n_, w_, wt_, stride_, stride_t_;
  long frames_, trajectories_, centres_t_, rows_;
  std::vector<double> phi_, psi_;
};

// The two-species library (lap u, lap v, then the monomials by degree) as u_t's problem or v_t's,
// each column integrated against `tf`.
SindyProblem two_species_problem(const FrameDerivatives& d, bool v_equation, const TestFunctions& tf);

// The truth's coefficients on the library (f, g and D of `kinetics` at `theta`, by exact least
// squares on f and g sampled at 64 points); `polynomial` false when f or g is not in the library
// (their residual above 1e-9 of their size).
struct LibraryTruth {
  std::vector<double> u, v;  // per term of the library
  bool polynomial = false;
};
LibraryTruth library_truth(KineticsId kinetics, const Params& theta, double s, double v_floor);

// The sparse fit of one equation against the truth's coefficients: whether its kept terms are
// exactly the truth's nonzero ones, and then the largest relative error of their coefficients.
struct SparseScore {
  bool support_right = false;
  double max_coef_err = NAN;
};
SparseScore score_sparse(const SindyFit& f, const std::vector<double>& truth);
// equation,term,coefficient,active,truth rows (truth n/a when it is not in the library).
std::string terms_csv(const SindyFit& fu, const SindyFit& fv, const LibraryTruth& truth);

// One kinetics fitted to the derivatives.
struct KineticsFit {
  KineticsId kinetics{};
  Params theta;
  double du = 0, dv = 0;
  double rss = 0;            // of the scaled residuals
  double rel_rms_u = 0, rel_rms_v = 0;  // RMS residual / RMS of u_t, of v_t
  double aicc = 0;
  int evals = 0;
};

// Every kinetics of Systems fitted (see the header) on the residuals integrated against `tf`
// (N = 2 x tf.rows()), best AICc first.
std::vector<KineticsFit> select_kinetics(const FrameDerivatives& d, int starts, const TestFunctions& tf);

// SIMEX on `fit` (see the header): the data as frame_derivatives(shard, rows, level, seed) gave
// `d`, the weak form's widths w, wt.
struct SimexResult {
  std::vector<double> zeta;                // 0 (the fit itself), 0.5, 1, 1.5, 2
  std::vector<std::vector<double>> path;   // per zeta: the parameters, then D_u (mean over draws)
  std::vector<double> corrected;           // the quadratic through the path at zeta = -1
  KineticsId kinetics{};
};
SimexResult simex(const std::string& shard, const std::vector<std::size_t>& rows, double level, std::uint32_t seed,
                  const FrameDerivatives& d, int w, int wt, const KineticsFit& fit, int draws);
// The quadratic c0 + c1 z + c2 z^2 of least squares through (zeta[i], y[i]), at z = -1.
double simex_extrapolate(const std::vector<double>& zeta, const std::vector<double>& y);
// parameter,truth,zeta_0,zeta_0.5,...,corrected rows (D_u last; truth n/a when the kinetics is
// not the shard's); the largest relative error of the corrected parameters (NaN when not the truth).
std::string simex_csv(const SimexResult& s, const FrameDerivatives& d);
double simex_param_err(const SimexResult& s, const FrameDerivatives& d);

// The ranking against the truth: ties (fits whose RSS agree to 1e-9 relative; murray and
// printed_eq3 are one family, a and b swapped) share a rank. `truth`: the truth's position in
// `fits`; `runner_up`: the first fit not tied with the first, and `margin` its AICc minus the
// first's; the truth's fitted parameters' largest relative error.
struct SelectionVerdict {
  std::size_t truth = 0, runner_up = 1;
  int true_rank = 1;
  double margin = 0, true_param_err = 0;
};
SelectionVerdict selection_verdict(const std::vector<KineticsFit>& fits, const FrameDerivatives& d);

// One row: the truth, the noise, the sparse fits' scores (n/a when the truth is not in the
// library: its least-squares shadow on the monomials is no support to find), the first kinetics,
// the truth's rank, the margin, the truth's parameter error and D_u.
// With SIMEX (`simex` not null): its corrected error (else nan); the estimated noise sd of u and
// of v (mean over trajectories) either way.
std::string two_species_summary_csv(const FrameDerivatives& d, double level, const TestFunctions& tf,
                                    const SindyFit& fu, const SindyFit& fv, const LibraryTruth& truth,
                                    const std::vector<KineticsFit>& fits, const SimexResult* simex);

// rank,kinetics,parameters,d_u,d_v,rel_rms_u,rel_rms_v,aicc,delta_aicc,evals rows.
std::string ranking_csv(const std::vector<KineticsFit>& fits);

}  // namespace press

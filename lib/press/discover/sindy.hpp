#pragma once
// Sparse regression straight on the data (SINDy: Brunton, Proctor & Kutz 2016; Rudy et al. 2017
// for PDEs), the baseline the BINN paper never ran (issue 24). For one-species density data,
//   u_t = sum_k xi_k theta_k(u, grad u, lap u)
// over the library
//   1, u, u^2, u^3, lap u, u lap u, u^2 lap u, |grad u|^2, u |grad u|^2
// which holds div(D(u) grad u) + G(u) u exactly when D is a quadratic and G a quadratic:
//   div(D grad u) = D lap u + D' |grad u|^2, so D(u) = xi_lap + xi_ulap u + xi_u2lap u^2 and
//   G(u) = xi_u + xi_u2 u + xi_u3 u^2 (the constant term has no place in either).
// Derivatives by finite differences on the observed grid: central in space at the interior points,
// central in time at the interior frames (no smoothing: the plain baseline).
// Sequential thresholded least squares (STLSQ): least squares on the columns scaled to unit norm,
// then every term whose share |xi_k| |theta_k| / |u_t| is below `threshold` is dropped and the rest
// refitted, until the support stops changing (at most 10 rounds).
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "press/discover/discovery_row.hpp"
#include "press/io/density_io.hpp"
#include "press/sim/density_solver.hpp"

namespace press {

struct SindyProblem {
  std::vector<std::string> names;  // the library's terms
  Eigen::MatrixXd theta;           // [rows, terms]
  Eigen::VectorXd ut;              // [rows]
};

// The library on the interior points and frames of noise level `level` of the data.
SindyProblem density_library(const DensityData& d, std::size_t level);

struct SindyFit {
  std::vector<double> xi;    // one coefficient per term, 0 when dropped
  std::vector<bool> active;
  int rounds = 0;
  double r2 = 0;             // of u_t on the kept terms
};

SindyFit stlsq(const SindyProblem& p, double threshold);

// The equation as found, every kept term (the scores' and the re-simulation's): D = xi_lap u +
// xi_u lap u u + xi_u^2 lap u u^2, G = xi_u + xi_u^2 u + xi_u^3 u^2, and what div(D grad u) + G u
// cannot hold (div(D grad u) = D lap u + D' |grad u|^2) as K(u) = (xi_|grad u|^2 - xi_u lap u) + (xi_u |grad u|^2 - 2 xi_u^2 lap u) u and S = xi_1.
DensityEquation sindy_equation(const SindyFit& f);

// term,coefficient,active rows.
std::string sindy_csv(const SindyProblem& p, const SindyFit& f);

// The fit against the truth (discovery_row.hpp) on the u values `u`: D and G as the polynomials
// read off the kept terms; a form is right when the kept terms are exactly the truth's (constant
// D: lap u; linear: lap u, u lap u, |grad u|^2; quadratic: lap u, u^2 lap u, u |grad u|^2; a
// saturating or power law has no exact support in the library), and then its coefficients'
// error is scored.
void score_sindy(const SindyFit& f, const DensityLaw& d_true, const DensityLaw& g_true, const std::vector<double>& u,
                 DiscoveryRow& row);

}  // namespace press

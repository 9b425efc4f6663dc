#pragma once
// The fine simulation of a one-species density-dependent reaction-diffusion equation
//   u_t = div(D(u) grad u) + G(u) u   on [0, L]^2          (BINN.md "The code's synthetic data"),
// plus K(u) |grad u|^2 + S(u) when an equation found by sparse regression is re-simulated,
// which the spectral solver cannot do (D depends on u; no-flux walls). Method of lines:
//   space  the conservative five-point flux form on an n x n grid,
//            (div D grad u)_ij = sum over the 4 neighbours k of (D_ij + D_k)/2 (u_k - u_ij) / h^2,
//          no-flux: a vertex grid x_i = i L/(n - 1), mirrored across each wall (u_-1 = u_1,
//            D_-1 = D_1), which conserves the trapezoid-rule mass when G = 0;
//          periodic: x_i = i L/n, neighbours wrap;
//          |grad u|^2 (only when K is not empty) by central differences across the same neighbours;
//   time   Dormand-Prince 5(4) with adaptive steps (the authors' dopri5): error in the RMS norm
//          of e_i / (atol + rtol max(|u_i|, |u_i'|)), step factor 0.9 err^(-1/5) in [0.2, 5];
//          each output time is hit exactly (the step is cut to reach it).
// Deterministic: one thread, fixed operation order.
#include <cstdint>
#include <functional>
#include <vector>

#include "press/model/density_law.hpp"

namespace press {

enum class Boundary { noflux, periodic };
Boundary boundary_from_name(const std::string& name, const std::string& what);
const char* boundary_name(Boundary b);

// The right-hand side's laws: u_t = div(D(u) grad u) + G(u) u + K(u) |grad u|^2 + S(u). The data
// and the BINN's equations have K = S = 0 (empty sums); sparse regression's library can find any
// (sindy.hpp), and its equation is re-simulated as found.
struct DensityEquation {
  LawSum diffusion, growth, gradient_sq, source;
  DensityEquation() = default;
  DensityEquation(LawSum d, LawSum g, LawSum k = {}, LawSum s = {})
      : diffusion(std::move(d)), growth(std::move(g)), gradient_sq(std::move(k)), source(std::move(s)) {}
  std::string text() const;  // "div((D) grad u) + (G) u [+ (K) |grad u|^2] [+ S]"
};

struct DensityModel {
  DensityEquation eq;
  int n = 201;        // grid points per side
  double length = 1;  // L
  Boundary boundary = Boundary::noflux;
  double h() const { return boundary == Boundary::noflux ? length / (n - 1) : length / n; }
  double x(int i) const { return i * h(); }
  // du = the right-hand side at u (row-major n x n; du resized).
  void rhs(const std::vector<double>& u, std::vector<double>& du) const;
};

struct Dopri5Settings {
  double rtol = 1e-8, atol = 1e-10;
  long max_steps = 10'000'000;
};

struct Dopri5Stats {
  long steps = 0, rejected = 0, rhs_calls = 0;
};

// Integrates u from t = 0 through each of `times` (ascending, >= 0), calling out(k, u) at
// times[k] (k = 0 at t = 0 when times[0] == 0). press::Error when a step underflows, the state
// turns non-finite, or max_steps is exceeded.
Dopri5Stats integrate_density(const DensityModel& m, std::vector<double> u, const std::vector<double>& times,
                              const Dopri5Settings& s,
                              const std::function<void(std::size_t, const std::vector<double>&)>& out);

// The cos^2 bump of the BINN code: amplitude cos^2(pi (x - L/2)/L) cos^2(pi (y - L/2)/L), 0 on the
// walls and `amplitude` at the centre.
std::vector<double> cos2_bump(const DensityModel& m, double amplitude);

}  // namespace press

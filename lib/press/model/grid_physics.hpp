#pragma once
// The grid and the physical constants a pattern lives on, in one struct shared by the Turing
// filter (lsa.hpp), the solver (sim/solver_control.hpp), the physics loss (learn/physics.hpp)
// and the per-instance fit (fit/fit.hpp); the residual's settings on top of it; and the Fourier
// symbols of both Laplacians on that grid.
#include <string>
#include <vector>

#include "press/model/kinetics.hpp"

namespace press {

class Config;

struct GridPhysics {
  KineticsId kinetics = kinetics_id<Murray>;
  int n = 128;  // grid side
  double dx = 1.0, s = 0.4, v_floor = 1e-6;
  double du() const { return diffusion_u(kinetics, s); }  // D_u
  // model.kinetics, grid.n, grid.dx, model.s, model.v_floor.
  static GridPhysics from_config(const Config& cfg);
};

enum class LaplacianKind { fd, spectral };
enum class ResidualMask { all, u_above_mean };

// The steady-state PDE residual (PRESS Eq. 7-8): the grid and constants, the Laplacian, the mask.
struct PhysicsOptions : GridPhysics {
  LaplacianKind laplacian = LaplacianKind::fd;
  ResidualMask mask = ResidualMask::all;
  PhysicsOptions() = default;
  explicit PhysicsOptions(const GridPhysics& g) : GridPhysics(g) {}
};

LaplacianKind laplacian_from_string(const std::string& s);
const char* laplacian_name(LaplacianKind k);
ResidualMask residual_mask_from_string(const std::string& s);

// |k|^2 of the r2c half spectrum, [n][n/2+1], k = 2*pi*m/(n*dx) with m in [-n/2, n/2).
std::vector<double> spectral_k2(int n, double dx);

// The Fourier symbol of the Laplacian `kind` on the r2c half spectrum [n][n/2+1] (periodic
// grid): -|k|^2 for the spectral one, (2 cos(kx dx) + 2 cos(ky dx) - 4) / dx^2 for the 5-point
// stencil (whose circular convolution it diagonalises exactly).
std::vector<double> laplacian_symbol(LaplacianKind kind, int n, double dx);

}  // namespace press

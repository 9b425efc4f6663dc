#pragma once
// The settings of the steady-state PDE residual (PRESS Eq. 7-8) that do not need LibTorch: the
// physical constants a dataset was simulated with, the choice of Laplacian and of residual
// mask, and the Fourier symbols of both Laplacians. Shared by the physics loss (physics.hpp),
// the per-instance fit (fit.hpp) and the solver (spectral_k2).
#include <string>
#include <vector>

#include "press/kinetics.hpp"

namespace press {

class Config;
struct ShardAttrs;

enum class LaplacianKind { fd, spectral };
enum class ResidualMask { all, u_above_mean };

struct PhysicsOptions {
  double s = 0.4, dx = 1.0, v_floor = 1e-6;
  KineticsForm form = KineticsForm::murray;
  LaplacianKind laplacian = LaplacianKind::fd;
  ResidualMask mask = ResidualMask::all;
  // s, dx, v_floor and the kinetics form the data were simulated with (dataset attributes).
  static PhysicsOptions from_attrs(const ShardAttrs& attrs, const std::string& path);
  // The same from the config (model.s, grid.dx, model.v_floor, model.kinetics): for patterns
  // that carry no attributes (a user's images).
  static PhysicsOptions from_config(const Config& cfg);
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

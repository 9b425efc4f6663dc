#include "press/model/grid_physics.hpp"

#include <cmath>

#include "press/core/config.hpp"
#include "press/core/error.hpp"

namespace press {

GridPhysics GridPhysics::from_config(const Config& cfg) {
  GridPhysics g;
  g.kinetics = kinetics_from_string(cfg.get<std::string>("model.kinetics"));
  g.n = cfg.get<int>("grid.n");  // even: check_config_rules
  g.dx = cfg.get<double>("grid.dx");
  g.s = cfg.get<double>("model.s");
  g.v_floor = cfg.get<double>("model.v_floor");
  return g;
}

LaplacianKind laplacian_from_string(const std::string& s) {
  if (s == "fd") return LaplacianKind::fd;
  if (s == "spectral") return LaplacianKind::spectral;
  fail("laplacian '{}': expected fd or spectral", s);
}

const char* laplacian_name(LaplacianKind k) { return k == LaplacianKind::fd ? "fd" : "spectral"; }

ResidualMask residual_mask_from_string(const std::string& s) {
  if (s == "all") return ResidualMask::all;
  if (s == "u_above_mean") return ResidualMask::u_above_mean;
  fail("residual_mask '{}': expected all or u_above_mean", s);
}

std::vector<double> spectral_k2(int n, double dx) {
  const int nh = n / 2 + 1;
  const double q = 2.0 * M_PI / (n * dx);
  std::vector<double> k2(static_cast<std::size_t>(n) * nh);
  for (int i = 0; i < n; ++i) {
    const int mi = i < n / 2 ? i : i - n;
    for (int j = 0; j < nh; ++j) k2[static_cast<std::size_t>(i) * nh + j] = q * q * (mi * mi + j * j);
  }
  return k2;
}

std::vector<double> laplacian_symbol(LaplacianKind kind, int n, double dx) {
  std::vector<double> sym = spectral_k2(n, dx);
  const int nh = n / 2 + 1;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < nh; ++j) {
      double& x = sym[static_cast<std::size_t>(i) * nh + j];
      if (kind == LaplacianKind::spectral) {
        x = -x;
      } else {
        const double ti = 2.0 * M_PI * i / n, tj = 2.0 * M_PI * j / n;
        x = (2.0 * std::cos(ti) + 2.0 * std::cos(tj) - 4.0) / (dx * dx);
      }
    }
  return sym;
}

}  // namespace press

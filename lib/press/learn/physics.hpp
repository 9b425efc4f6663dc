#pragma once
// The steady-state PDE residual of PRESS Eq. 7-8 for the dataset's kinetics (kinetics.hpp; the
// same f and g templates as the solvers), as LibTorch operations, so that it is both the physics
// loss (Eq. 11, differentiable in the predicted parameters) and the evaluation metric (Eq. 14-15):
//   R_u = D_u Lap(u) + f(u, v; theta),   R_v = D_v Lap(v) + g(u, v; theta)
//   (Gierer-Meinhardt: D = (s, s delta), f = a - b u + u^2 / (max(v, v_floor) (1 + c u^2)), g = u^2 - v)
//   per-sample residual = mean over pixels of R_u^2 + R_v^2
// Lap is the 5-point stencil / dx^2 with circular padding (Eq. 9-10) or the solver's spectral
// Laplacian -|k|^2. The mask option averages over the pixels where u > mean(u) only (the
// authors' later code); the default is all pixels.
#include <string>

#include <torch/torch.h>

#include "press/model/grid_physics.hpp"
#include "press/io/shard_io.hpp"

namespace press {

// x: [B, H, W] (H = W) -> Lap(x), same shape and dtype.
torch::Tensor laplacian(const torch::Tensor& x, LaplacianKind kind, double dx);

// Patterns u, v [B, H, W] with their Laplacians (o.laplacian, o.dx): all the residual needs of
// them. The Laplacians do not depend on the network, so train computes them once per dataset
// (in chunks of `chunk` samples) instead of at every step.
struct PatternFields {
  torch::Tensor u, v, lap_u, lap_v;
  static PatternFields of(const torch::Tensor& u, const torch::Tensor& v, const PhysicsOptions& o,
                          std::int64_t chunk = 256);
  PatternFields rows(const torch::Tensor& idx, const torch::Device& device) const;  // index_select, to device
};

// theta: [B, P] physical parameters. Returns [B] in u's dtype.
torch::Tensor residual_per_sample(const PatternFields& f, const torch::Tensor& theta, const PhysicsOptions& o);
// The same from u, v [B, H, W] alone.
torch::Tensor residual_per_sample(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& theta,
                                  const PhysicsOptions& o);

}  // namespace press

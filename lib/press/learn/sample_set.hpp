#pragma once
// The samples of one split list as LibTorch tensors: network inputs, the fields for the
// physics terms, and the targets (normalised) and true parameters (physical).
#include <string>
#include <vector>

#include <torch/torch.h>

#include "press/metrics/metrics.hpp"
#include "press/learn/physics.hpp"

namespace press {

struct SampleSet {
  std::vector<std::uint64_t> id;
  std::vector<Params> params;
  torch::Tensor x;               // [N, C, H, W] float32: the input channels (train.inputs)
  torch::Tensor u, v;            // [N, H, W] float32
  torch::Tensor target;          // [N, P] float32, normalised (set_targets)
  torch::Tensor theta;           // [N, P] float64, physical
  PhysicsOptions physics;        // from the dataset's attributes
  int grid = 0;
  std::size_t size() const { return id.size(); }
};

// Rows of `dataset` listed in `list_path` (a split list), targets normalised with `ranges`.
SampleSet load_sample_set(const std::string& dataset, const std::string& list_path,
                          const std::vector<std::string>& inputs, const ParamRanges& ranges);

// Observation noise on the network input channels x (u and/or v; sigma = level x each field's
// range, keyed by (seed, id) and the channel's field: rng.hpp add_observation_noise). u and v
// themselves (the physics terms) stay clean. level 0 changes nothing.
void add_observation_noise(SampleSet& s, const std::vector<std::string>& inputs, double level, std::uint32_t seed);

// (Re)normalise the targets of `s` with `ranges`.
void set_targets(SampleSet& s, const ParamRanges& ranges);

}  // namespace press

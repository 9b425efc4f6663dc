#include "press/learn/sample_set.hpp"

#include "press/core/error.hpp"
#include "press/core/rng.hpp"
#include "press/data/split.hpp"

namespace press {

SampleSet load_sample_set(const std::string& dataset, const std::string& list_path,
                          const std::vector<std::string>& inputs, const ParamRanges& ranges) {
  const auto ids = read_id_list(list_path);
  ShardAttrs attrs;
  Shard<float> sh = read_dataset_rows(dataset, ids, list_path, &attrs);
  SampleSet s;
  s.physics = PhysicsOptions(grid_physics_of(attrs, dataset));
  s.grid = sh.n;
  s.id = sh.id;
  s.params = sh.params;
  const auto n = static_cast<std::int64_t>(sh.count()), g = static_cast<std::int64_t>(sh.n);
  s.u = torch::from_blob(sh.u.data(), {n, g, g}, torch::kFloat32).clone();
  s.v = torch::from_blob(sh.v.data(), {n, g, g}, torch::kFloat32).clone();
  if (!torch::isfinite(s.u).all().item<bool>() || !torch::isfinite(s.v).all().item<bool>())
    fail("{}: a NaN or Inf in the fields of the samples of {}: expected finite patterns", dataset, list_path);
  std::vector<torch::Tensor> channels;
  for (const auto& c : inputs) channels.push_back(c == "u" ? s.u : s.v);
  s.x = channels.size() == 1 ? channels[0].unsqueeze(1) : torch::stack(channels, 1);  // one channel: a view
  const int np = ranges.size();
  std::vector<double> th;
  for (const auto& p : sh.params) {
    if (p.size() != np)
      fail("{}: {} parameters per sample: expected {} ({}), the model's", dataset, p.size(), np, fmt::join(ranges.names, ", "));
    th.insert(th.end(), p.begin(), p.end());
  }
  s.theta = torch::from_blob(th.data(), {n, np}, torch::kFloat64).clone();
  set_targets(s, ranges);
  return s;
}

void add_observation_noise(SampleSet& s, const std::vector<std::string>& inputs, double level, std::uint32_t seed) {
  if (level == 0) return;
  s.x = s.x.clone().contiguous();  // one channel is a view of u
  const auto cells = static_cast<std::uint64_t>(s.grid) * s.grid;
  float* x = s.x.data_ptr<float>();
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t c = 0; c < inputs.size(); ++c)
      add_observation_noise(seed, inputs[c] == "u" ? Stream::observation_noise_u : Stream::observation_noise_v, s.id[i],
                            level, x + (i * inputs.size() + c) * cells, cells);
}

void set_targets(SampleSet& s, const ParamRanges& ranges) {
  std::vector<float> tgt;
  for (const auto& p : s.params)
    for (double y : ranges.normalize(p)) tgt.push_back(static_cast<float>(y));
  s.target = torch::from_blob(tgt.data(), {static_cast<std::int64_t>(s.size()), ranges.size()}, torch::kFloat32).clone();
}

}  // namespace press

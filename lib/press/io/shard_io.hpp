#pragma once
// Simulation shards (DESIGN "sim shard"): one HDF5 file per shard of turing.csv.
//   datasets: id [n] u64, params [n,P] f64 (model.kinetics' parameters, P of them), u, v [n,H,W] (f32 or f64),
//             steps [n] i64, max_dudt, max_dvdt [n] f64, status [n] enum{ok,blowup,homogeneous}
//   with frames (simulate.frame_every = K > 0): frames_u, frames_v [n,F,H,W] (the fields at steps
//             0, K, 2K, ...; contiguous, at fixed places; NaN after a blow-up stopped the sample) and
//             frame_times [F] f64
//   attributes: every setting that shaped the data, and the tool version.
// Written with object timestamps off into a temporary that is renamed on success, so reruns
// are byte-identical and a killed run leaves no file under the final name.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "press/model/grid_physics.hpp"
#include "press/model/params.hpp"
#include "press/io/shard_format.hpp"

namespace press {

template <typename Real>
struct Shard {
  int n = 0;  // grid side
  std::vector<std::uint64_t> id;
  std::vector<Params> params;
  std::vector<Real> u, v;  // [count, n, n]
  std::vector<SampleResult> results;
  std::size_t count() const { return id.size(); }
};

struct ShardAttrs {
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> strings;
};

// The grid and constants a press file was simulated with (attributes grid, dx, s, v_floor,
// kinetics); an error naming `path` when one is missing.
GridPhysics grid_physics_of(const ShardAttrs& attrs, const std::string& path);

template <typename Real>
void write_shard(const std::string& path, const Shard<Real>& s, const ShardAttrs& attrs);

// A shard written in two parts: the frames as the solver makes them (frame() is thread-safe and
// goes straight to the file, so memory stays flat however long the trajectory), then the rest
// (finish(), which commits). Destroyed before finish(), it leaves no file.
template <typename Real>
class ShardWriter {
 public:
  ShardWriter(const std::string& path, std::size_t count, int n, const std::vector<double>& frame_times);
  ~ShardWriter();
  void frame(std::size_t i, std::size_t k, const Real* u, const Real* v);
  void finish(const Shard<Real>& s, const ShardAttrs& attrs);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One sample's trajectory: frames_u, frames_v of row `row` ([F, n, n] each) and frame_times.
template <typename Real>
struct Trajectory {
  int n = 0;
  std::vector<double> times;
  std::vector<Real> u, v;
  std::size_t frames() const { return times.size(); }
};
template <typename Real>
Trajectory<Real> read_trajectory(const std::string& path, std::size_t row);

// Read a shard; fields are converted to Real. Shapes are checked (errors name the file and
// dataset). Attributes are returned in `attrs` if not null. With `rows`, only those rows (in
// that order) are read: one chunk per pattern, so a subset costs only its own patterns. Without
// `with_fields`, u and v are left empty (ids, parameters and statuses only).
template <typename Real>
Shard<Real> read_shard(const std::string& path, ShardAttrs* attrs = nullptr,
                       const std::vector<std::size_t>* rows = nullptr, bool with_fields = true);

// The `id` dataset alone (ascending in every file press writes).
std::vector<std::uint64_t> read_shard_ids(const std::string& path);

}  // namespace press

#pragma once
// What a shard records for each sample besides its fields (DESIGN "sim shard"): the status and
// the solver's diagnostics. The solvers fill these; shard_io writes and reads them.
#include <cstdint>

namespace press {

enum class Status : std::int8_t { ok = 0, blowup = 1, homogeneous = 2 };
const char* status_name(Status s);
constexpr int kStatusCount = 3;

struct SampleResult {
  Status status = Status::ok;
  std::int64_t steps = 0;    // steps taken (< max_steps when stopped early or blown up)
  double max_dudt = 0;       // max |D_u*Lap(u) + f| on the final state (spectral Laplacian)
  double max_dvdt = 0;       // max |D_v*Lap(v) + g|
};

}  // namespace press

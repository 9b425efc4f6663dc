#pragma once
// The simulate stage: rows [first, first+count) of turing.csv -> one HDF5 shard.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "press/model/param_table.hpp"
#include "press/sim/initial.hpp"
#include "press/sim/solver.hpp"

namespace press {

class Config;
class Log;

struct SimulateRequest {
  std::string solver = "cpu";        // cpu | gpu
  std::string precision = "float32"; // float32 | float64
  std::uint32_t seed = 0;
  int threads = 1;
  FftwOptions fftw;                  // planner (simulate.fftw_planner) and wisdom file ("" = none)
  bool strict = false;               // reproducible: strict: estimate plans, no wisdom
  std::size_t first = 0;
  std::size_t count = SIZE_MAX;      // clipped to the table
  double progress_seconds = 5;
  InitialCondition initial;          // simulate.initial and its keys
  static SimulateRequest from_config(const Config& cfg, int threads);
};

struct SimulateSummary {
  std::int64_t samples = 0;
  std::int64_t steps = 0;
  std::array<std::int64_t, kStatusCount> status_counts{};  // indexed by Status
  double seconds = 0;                          // solver wall time
  std::int64_t early_stopped = 0;              // ok samples that met the early-stop test
  std::vector<double> max_dudt;                // of the ok samples, ascending
  // "p50 ... p90 ... max ..." of the ok samples' final max|du/dt| (for the log).
  std::string dudt_quantiles() const;
  // The solver's cost of one step of one sample, in microseconds, and its unit, as simulate's
  // summary reports it. cpu: wall time x threads (the core time a step costs, "us/step/thread");
  // gpu: wall time alone ("us/step/sample" on one device: the host's threads do not run it).
  // The timed run excludes the CUDA context and cuFFT's loading (the solver's constructor).
  double us_per_step(const std::string& solver, int threads) const;
  static const char* us_per_step_unit(const std::string& solver);
};

SimulateSummary simulate_shard(const SimSettings& st, const SimulateRequest& req, const ParamTable& turing,
                               const std::string& out_path, const Log& log);

// Plan the FFTW transforms of an n x n grid and save the wisdom (the Snakefile does this once, so
// that every shard executes the same plans: MEASURE timing would otherwise differ per process).
void plan_fftw(int n, const std::string& precision, const FftwOptions& fftw);

}  // namespace press

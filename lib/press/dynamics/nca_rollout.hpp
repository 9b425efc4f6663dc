#pragma once
// Running a trained NCA past its training horizon and scoring it against the PDE (issue 23;
// NCA.md "Scoring a chaotic rollout"). From frame 0 of each test trajectory (initial conditions
// never seen in training), scaled with the training data's pooled range, hidden channels 0, the
// NCA steps once per PDE step; at each of the test shard's saved frames both are scored:
//   rmse         pixel RMSE over the observed channels, in the scaled units (meaningful only
//                while the trajectories still agree: within the training horizon)
//   wavelength   the peak wavelength of the radially averaged power spectrum of u and of v
//                (metrics/pattern_stats.hpp), NCA and PDE
//   components   the regions of u and of v above their mean (spots, stripes), NCA and PDE
//   share        the share of each phase: the cells where v is above the middle of the PDE's range
//                of v in that frame, NCA and PDE (the same threshold); 0 or 1 for a flat field
#include <string>
#include <vector>

#include "press/dynamics/nca.hpp"

namespace press {

class Log;

struct NcaModel {
  Nca nca{nullptr};
  double lo = 0, hi = 1;  // the training data's pooled range: scaled = (x - lo) / (hi - lo)
  int t = 0;              // training: PDE steps per frame
  double frame_dt = 0;    // training: PDE time per frame
  double horizon = 0;     // training: the PDE time of the last training frame
  long seed = 0;          // training seed
  double noise = 0;       // training: nca.noise
  double kept_loss = 0;   // training: the kept model's epoch loss (the lowest after keep_after)
};
// model_dir/settings.yaml and model_dir/model.pt (train_nca); press::Error naming the file.
NcaModel load_nca(const std::string& model_dir);

struct RolloutScore {
  std::uint64_t id = 0;
  long frame = 0;
  double time = 0, rmse = 0;
  double wl_u_pde = 0, wl_u_nca = 0, wl_v_pde = 0, wl_v_nca = 0;
  int comp_u_pde = 0, comp_u_nca = 0, comp_v_pde = 0, comp_v_nca = 0;
  double share_v_pde = 0, share_v_nca = 0;
};

// Rolls the NCA out over every ok trajectory of `shard` (with frames) and scores each saved
// frame; writes the NCA's frames (in the PDE's units) as a shard to `nca_shard` when not empty.
std::vector<RolloutScore> rollout_nca(NcaModel& m, const std::string& shard, const std::string& nca_shard,
                                      const Log& log);
// The scores as CSV (one row per trajectory and frame).
std::string rollout_csv(const std::vector<RolloutScore>& rows);
// One row per trajectory: the model's seed, t, noise and kept loss, the trajectory id, the mean
// RMSE over the frames within the training horizon (0 < time <= horizon) and at the end, and at
// the end the peak wavelengths of v (PDE, NCA, their ratio), the component counts and the share
// of v's high phase.
std::string rollout_summary_csv(const std::vector<RolloutScore>& rows, const NcaModel& m);

}  // namespace press

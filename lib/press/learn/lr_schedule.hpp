#pragma once
// The learning-rate schedule (PRESS 4.1.4; NOTES 3, 5): a linear warm-up from lr_start to
// lr_peak over the first warmup_fraction of the schedule's units, then cosine annealing to
// lr_end at the end of training. The unit is an optimiser step (train.lr_schedule: step, the
// paper's text) or an epoch (epoch: the authors' train_unified.py, LinearLR then
// CosineAnnealingLR stepped once per epoch, lr_start = lr_end = 1e-6). Closed form, with T the
// number of units and W = round(warmup_fraction * T):
//   t < W:  lr(t) = lr_start + (lr_peak - lr_start) * t / W
//   t >= W: lr(t) = lr_end + (lr_peak - lr_end) * (1 + cos(pi * (t - W) / (T - W))) / 2
// Unit t (step t, or every step of epoch t) uses lr(t).
#include <cstdint>

namespace press {

class LrSchedule {
 public:
  LrSchedule(std::int64_t total_units, double warmup_fraction, double lr_start, double lr_peak, double lr_end);
  double at(std::int64_t unit) const;
  std::int64_t warmup_units() const { return warmup_; }

 private:
  std::int64_t total_, warmup_;
  double start_, peak_, end_;
};

}  // namespace press

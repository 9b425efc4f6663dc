#pragma once
// The paper's learning-rate schedule (PRESS 4.1.4): a linear warm-up from lr_start to lr_peak
// over the first warmup_fraction of the optimiser steps, then cosine annealing to zero at the
// end of training. LibTorch 1.13 has no cosine scheduler, so this is its closed form:
//   t < W:  lr(t) = lr_start + (lr_peak - lr_start) * t / W
//   t >= W: lr(t) = lr_peak * (1 + cos(pi * (t - W) / (T - W))) / 2
// with T the total steps and W = round(warmup_fraction * T). Step t's update uses lr(t).
#include <cstdint>

namespace press {

class LrSchedule {
 public:
  LrSchedule(std::int64_t total_steps, double warmup_fraction, double lr_start, double lr_peak);
  double at(std::int64_t step) const;
  std::int64_t warmup_steps() const { return warmup_; }

 private:
  std::int64_t total_, warmup_;
  double start_, peak_;
};

}  // namespace press

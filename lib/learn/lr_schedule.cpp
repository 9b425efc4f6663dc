#include "press/learn/lr_schedule.hpp"

#include <cmath>
#include <stdexcept>

namespace press {

LrSchedule::LrSchedule(std::int64_t total_units, double warmup_fraction, double lr_start, double lr_peak,
                       double lr_end)
    : total_(total_units),
      warmup_(std::llround(warmup_fraction * static_cast<double>(total_units))),
      start_(lr_start),
      peak_(lr_peak),
      end_(lr_end) {
  if (total_units < 1 || warmup_fraction < 0 || warmup_fraction > 1)
    throw std::logic_error("LrSchedule: expected total_units >= 1 and warmup_fraction in [0, 1]");
}

double LrSchedule::at(std::int64_t unit) const {
  if (unit < warmup_) return start_ + (peak_ - start_) * static_cast<double>(unit) / static_cast<double>(warmup_);
  if (total_ == warmup_) return peak_;
  const double x = static_cast<double>(unit - warmup_) / static_cast<double>(total_ - warmup_);
  return end_ + (peak_ - end_) * 0.5 * (1.0 + std::cos(M_PI * x));
}

}  // namespace press

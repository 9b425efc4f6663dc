#include "press/data/pattern_filter.hpp"

#include <cmath>

namespace press {
namespace {

double population_std(const float* x, std::size_t count) {
  double mean = 0;
  for (std::size_t i = 0; i < count; ++i) mean += x[i];
  mean /= static_cast<double>(count);
  double ss = 0;
  for (std::size_t i = 0; i < count; ++i) ss += (x[i] - mean) * (x[i] - mean);
  return std::sqrt(ss / static_cast<double>(count));
}

}  // namespace

PatternStats pattern_stats(const float* u, const float* v, std::size_t n) {
  PatternStats s;
  s.std_u = population_std(u, n * n);
  s.std_v = population_std(v, n * n);
  if (s.std_u < 1e-6) return s;
  double tv = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double x = u[i * n + j];
      if (i + 1 < n) tv += std::fabs(static_cast<double>(u[(i + 1) * n + j]) - x);
      if (j + 1 < n) tv += std::fabs(static_cast<double>(u[i * n + j + 1]) - x);
    }
  s.roughness = tv / (s.std_u * static_cast<double>(n * n));
  return s;
}

FilterVerdict PatternFilter::operator()(const PatternStats& s) const {
  if (!(s.std_u > min_std || s.std_v > min_std)) return FilterVerdict::flat;
  if (s.roughness < min_roughness) return FilterVerdict::smooth;
  return FilterVerdict::keep;
}

}  // namespace press

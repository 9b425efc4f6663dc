#pragma once
// What the eye sees in a pattern, for scoring rollouts past the point where pixels decorrelate
// (NCA.md "Scoring a chaotic rollout"; chaotic mazes match in statistics, not pixel by pixel).
//   peak_wavelength   2 pi / k at the peak of the radially averaged power spectrum of x - mean(x)
//                     on the periodic n x n grid: |X(k)|^2 summed over the shell
//                     m - 1/2 <= |k| n dx / (2 pi) < m + 1/2 and divided by the shell's mode
//                     count, for m = 1 .. n/2; the wavelength is n dx / m at the peak shell.
//   count_components  the number of 4-connected regions of x > threshold on the periodic grid
//                     (spots, or stripes and maze walls).
#include <vector>

namespace press {

double peak_wavelength(const double* x, int n, double dx);
int count_components(const double* x, int n, double threshold);

}  // namespace press

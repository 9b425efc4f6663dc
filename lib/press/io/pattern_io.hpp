#pragma once
// A user's patterns from the files they have (predict, fit): one or more square 2-D fields of u
// per file, read as float32, plus a 16-bit PNG writer for looking at fields.
//   .png          8- or 16-bit greyscale (libpng, the format's reference library)
//   .tif, .tiff   8- or 16-bit greyscale, one sample per pixel, min-is-black (libtiff, likewise);
//                 the first image of the file
//   .npy          2-D (H, W) or 3-D (N, H, W): float32/64, or (u)int8/16 little-endian; C or
//                 Fortran order
//   .h5, .hdf5    the dataset named by `h5_dataset` (e.g. /u of a press shard): 2-D, or 3-D
//                 (N, H, W) for N patterns; any numeric type
//   .csv          a matrix of numbers, comma-separated, no header (one pattern)
// Every size a file declares is checked before anything is allocated: against the bytes present
// (raw data: all of them; PNG and deflated TIFF: at most zlib's 1032:1) and against
// kMaxPatternValues values per file.
// Integer data (PNG, TIFF, integer .npy or HDF5) are intensities in arbitrary units: they need a
// value range, mapping 0 to lo and the type's maximum (255, 65535) to hi. Floating-point data
// are u itself and take no range. Every failure names the file and what was expected; NaN and
// Inf are refused.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace press {

class AtomicOutput;

// The most values one file may hold: 2^25 (one 5792x5792 image, or 2048 patterns of 128x128).
inline constexpr std::uint64_t kMaxPatternValues = std::uint64_t{1} << 25;

struct Pattern {
  std::string name;  // the file, with [i] for the i-th pattern of a stack
  int n = 0;         // side (square)
  std::vector<float> u;
};

struct PatternReadOptions {
  std::optional<std::pair<double, double>> value_range;  // --value-range LO HI
  std::string h5_dataset;                                // --h5-dataset
};

std::vector<Pattern> read_patterns(const std::string& path, const PatternReadOptions& opt);

// Resample a square field to side m, bilinear on the periodic grid (predict --resize).
std::vector<float> resample_periodic(const std::vector<float>& u, int n, int m);

// Write u (n x n) as a 16-bit greyscale PNG scaled to its own min..max, into the temporary of
// `out` (the caller commits).
void write_png16(const AtomicOutput& out, const std::vector<float>& u, int n);

}  // namespace press

#pragma once
// Counter-based random numbers (Random123 Philox4x32-10, Salmon et al. SC'11): every draw is a
// pure function of (seed, stream, id, counter). No generator state is carried between samples,
// so a sample's numbers do not depend on sharding, thread count, or which backend asks.
#include <cstdint>
#include <string>
#include <vector>

#include <Random123/philox.h>

namespace press {

enum class Stream : std::uint32_t {
  candidates = 1,
  initial_noise = 2,
  split = 3,
  shuffle = 4,
  observation_noise_u = 5,  // noise.levels: added to an observed u (fit, evaluate)
  observation_noise_v = 6,  // ... and to an observed v
  initial_rectangles = 7,   // simulate.initial: rectangles without configured sets
  nca_data_noise = 8,       // nca.noise: the uniform noise mixed into NCA training frames
  density_noise = 9,        // binn: observation noise on density data, proportional to |u|^gamma
  simex_noise_u = 10,       // discover_kinetics' SIMEX: the extra noise on u (id: the row's id + draw << 40)
  simex_noise_v = 11,       // ... and on v
};

class CounterRng {
 public:
  CounterRng(std::uint32_t seed, Stream stream, std::uint64_t id) {
    key_ = {{seed, static_cast<std::uint32_t>(stream)}};
    id_lo_ = static_cast<std::uint32_t>(id);
    id_hi_ = static_cast<std::uint32_t>(id >> 32);
  }
  // Four 32-bit words for block `block`.
  r123::Philox4x32::ctr_type block(std::uint64_t block) const {
    r123::Philox4x32::ctr_type ctr = {
        {static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32), id_lo_, id_hi_}};
    return r123::Philox4x32()(ctr, key_);
  }
  // Uniform in (0, 1) with 53 random bits, from two 32-bit words.
  static double uniform(std::uint32_t hi, std::uint32_t lo) {
    const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);  // 53 bits
    return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
  }

 private:
  r123::Philox4x32::key_type key_;
  std::uint32_t id_lo_, id_hi_;
};

// Fill out[0..n) with N(0, sigma^2) draws for sample `id` (Box-Muller on Philox blocks, in
// double, then rounded to T). The same (seed, stream, id) gives the same numbers on every backend.
template <typename T>
void gaussian_noise(std::uint32_t seed, Stream stream, std::uint64_t id, double sigma, T* out, std::uint64_t n);

// Observation noise (noise.levels): adds N(0, sigma^2) with sigma = level * (max - min of the
// field) to field[0..n), keyed by (seed, stream, id), so a noise study is deterministic and
// every level sees the same standard-normal draws, scaled. level 0 leaves the field unchanged.
void add_observation_noise(std::uint32_t seed, Stream stream, std::uint64_t id, double level, float* field,
                           std::uint64_t n);

// The most noise a level may ask for: sigma = the field's whole range (config/schema.yaml's
// noise.levels has the same maximum). Beyond it nothing is left to estimate, and 1e308 overflows.
inline constexpr double kMaxNoiseLevel = 1.0;
// A level from 0 to kMaxNoiseLevel, or press::Error naming `what` (e.g. "--noise").
void check_noise_level(const std::string& what, double level);

// Positions 0..keys.size()-1 ordered by a 64-bit Philox draw keyed by (seed, stream) and
// counter (block, keys[i]); ties (never seen in practice) by position. Each element's sort key
// depends only on its own key, so a subset keeps its relative order: adding samples to a pool
// never reorders the ones already there.
std::vector<std::size_t> keyed_order(std::uint32_t seed, Stream stream, std::uint64_t block,
                                     const std::vector<std::uint64_t>& keys);

}  // namespace press

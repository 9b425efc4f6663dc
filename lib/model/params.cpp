#include "press/model/params.hpp"

#include "press/core/config.hpp"
#include "press/model/param_table.hpp"
#include "press/core/rng.hpp"

namespace press {

ParamRanges ParamRanges::from_config(const Config& cfg) {
  ParamRanges r;
  const char* keys[4] = {"params.a", "params.b", "params.c", "params.delta"};
  for (int j = 0; j < 4; ++j) {
    const auto lr = cfg.get_range(keys[j]);
    r.lo[j] = lr[0];
    r.hi[j] = lr[1];
  }
  return r;
}

Params sample_candidate(const ParamRanges& r, std::uint32_t seed, std::uint64_t id) {
  const CounterRng rng(seed, Stream::candidates, id);
  const auto w0 = rng.block(0), w1 = rng.block(1);
  const double u[4] = {CounterRng::uniform(w0[0], w0[1]), CounterRng::uniform(w0[2], w0[3]),
                       CounterRng::uniform(w1[0], w1[1]), CounterRng::uniform(w1[2], w1[3])};
  double x[4];
  for (int j = 0; j < 4; ++j) x[j] = r.lo[j] + u[j] * (r.hi[j] - r.lo[j]);
  return Params{x[0], x[1], x[2], x[3]};
}

ParamTable sample_candidates(const ParamRanges& r, std::uint32_t seed, std::uint64_t n) {
  ParamTable t;
  t.rows.resize(n);
  for (std::uint64_t id = 0; id < n; ++id) t.rows[id] = ParamRow{id, sample_candidate(r, seed, id), {}};
  return t;
}

}  // namespace press

#include "press/model/params.hpp"

#include <stdexcept>

#include "press/core/config.hpp"
#include "press/core/rng.hpp"
#include "press/model/kinetics.hpp"
#include "press/model/param_table.hpp"

namespace press {

Params::Params(std::initializer_list<double> x) : Params(x.begin(), static_cast<int>(x.size())) {}

Params::Params(const double* x, int n) : n_(n) {
  if (n < 0 || n > kMaxParams) throw std::logic_error("Params: more values than kMaxParams");
  for (int j = 0; j < n; ++j) x_[static_cast<std::size_t>(j)] = x[j];
}

ParamRanges ParamRanges::from_config(const Config& cfg) {
  const KineticsInfo& k = kinetics_info(kinetics_from_string(cfg.get<std::string>("model.kinetics")));
  ParamRanges r;
  for (int j = 0; j < k.n_params; ++j) {
    const std::string key = std::string("params.") + k.params[j];
    const auto lr = cfg.has(key) ? cfg.get_range(key) : std::vector<double>{k.box[j][0], k.box[j][1]};
    r.names.push_back(k.params[j]);
    r.lo.push_back(lr[0]);
    r.hi.push_back(lr[1]);
  }
  return r;
}

Params sample_candidate(const ParamRanges& r, std::uint32_t seed, std::uint64_t id) {
  const CounterRng rng(seed, Stream::candidates, id);
  // Parameter j takes the j-th uniform of the (seed, id) stream (two per block), so the draws of
  // a (seed, id) never depend on how many parameters follow.
  if (r.size() > kMaxParams) throw std::logic_error("sample_candidate: more parameters than kMaxParams");
  double x[kMaxParams];
  for (int j = 0; j < r.size(); ++j) {
    const auto w = rng.block(static_cast<std::uint64_t>(j / 2));
    const double u = CounterRng::uniform(w[2 * (j % 2)], w[2 * (j % 2) + 1]);
    x[j] = r.lo[j] + u * (r.hi[j] - r.lo[j]);
  }
  return Params(x, r.size());
}

ParamTable sample_candidates(const ParamRanges& r, std::uint32_t seed, std::uint64_t n) {
  ParamTable t;
  t.names = r.names;
  t.rows.resize(n);
  for (std::uint64_t id = 0; id < n; ++id) t.rows[id] = ParamRow{id, sample_candidate(r, seed, id), {}};
  return t;
}

}  // namespace press

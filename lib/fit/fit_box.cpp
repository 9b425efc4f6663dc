// check_fit_box (fit.hpp) alone: the config rules (app/config_rules.cpp) and the config fuzzer
// use it without the fit's solvers.
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/fit/fit.hpp"
#include "press/model/kinetics.hpp"

namespace press {

void check_fit_box(const Config& cfg) {
  const KineticsId kin = kinetics_from_string(cfg.get<std::string>("model.kinetics"));
  const auto params = param_names(kin);
  for (std::size_t j = 0; j < params.size(); ++j) {
    const std::string p = "params." + params[j];
    if (!fit_searches_log(kin, static_cast<int>(j)) || !cfg.has(p)) continue;  // the default boxes are positive
    const auto r = cfg.get_range(p);
    if (!(r[0] > 0))
      fail("{}: key '{}': value [{}, {}]: expected a lower bound > 0 (the physics fit searches log {}; fit.variants "
           "[] turns the workflow's fit off)",
           cfg.origin(), p, r[0], r[1], params[j]);
  }
}

}  // namespace press

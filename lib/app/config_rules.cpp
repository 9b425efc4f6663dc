#include "press/app/config_rules.hpp"

#include <algorithm>
#include <cmath>

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/fit/fit.hpp"
#include "press/learn/arch.hpp"
#include "press/model/kinetics.hpp"

namespace press {

namespace {

// The integrator, the initial condition and the frames: what each needs of the others.
void check_simulate_rules(const Config& cfg, long long steps, int n) {
  const std::string& o = cfg.origin();
  const std::string solver = cfg.get<std::string>("simulate.solver");
  if (cfg.get<std::string>("simulate.integrator") == "euler9" && solver != "cpu")
    fail("{}: key 'simulate.solver': value {}: expected cpu with simulate.integrator euler9", o, solver);
  const long every = cfg.get<long>("simulate.frame_every");
  if (every > 0) {
    if (cfg.get<bool>("simulate.early_stop"))
      fail("{}: key 'simulate.early_stop': value true: expected false with simulate.frame_every {} (every trajectory "
           "runs to t_max)", o, every);
    if (every > steps)
      fail("{}: key 'simulate.frame_every': value {}: expected at most the {} steps of t_max / dt", o, every, steps);
  }
  if (cfg.get<std::string>("simulate.initial") != "rectangles") return;
  const auto sets = cfg.get<std::vector<std::vector<std::vector<int>>>>("simulate.rectangles");
  if (sets.empty())
    fail("{}: key 'simulate.rectangles': value []: expected at least one set of rectangles with simulate.initial "
         "rectangles (random_rectangles draws them)", o);
  for (std::size_t i = 0; i < sets.size(); ++i)
    for (std::size_t j = 0; j < sets[i].size(); ++j) {
      const auto& r = sets[i][j];
      if (!(r[0] < r[1] && r[1] <= n && r[2] < r[3] && r[3] <= n))
        fail("{}: key 'simulate.rectangles[{}][{}]': value [{}, {}, {}, {}]: expected [row0, row1, col0, col1] with "
             "row0 < row1 <= grid.n = {} and col0 < col1 <= {}", o, i, j, r[0], r[1], r[2], r[3], n, n);
    }
}

}  // namespace

void check_config_rules(const Config& cfg) {
  const Config::Untraced untraced(cfg);
  const std::string& o = cfg.origin();
  const KineticsId kin = kinetics_from_string(cfg.get<std::string>("model.kinetics"));
  const auto params = param_names(kin);
  for (const auto& key : cfg.keys_of("params")) {
    if (std::find(params.begin(), params.end(), key) == params.end())
      fail("{}: key 'params.{}': not a parameter of model.kinetics {}: expected {}", o, key, kinetics_name(kin),
           fmt::join(params, ", "));
  }
  for (const auto& name : params) {
    const std::string p = "params." + name;
    if (!cfg.has(p)) continue;  // the kinetics' default box
    const auto r = cfg.get_range(p);
    const bool c = p == "params.c";  // Gierer-Meinhardt's c = 0: no saturation, a valid system
    if (c ? r[0] < 0 : r[0] <= 0)
      fail("{}: key '{}': value [{}, {}]: expected {} bounds", o, p, r[0], r[1], c ? "non-negative" : "positive");
  }
  if (!cfg.get<std::vector<std::string>>("fit.variants").empty()) check_fit_box(cfg);
  const auto fig2 = cfg.get<std::vector<double>>("tabulate.figure2_params");
  if (fig2.size() != params.size())
    fail("{}: key 'tabulate.figure2_params': {} values: expected {}, the parameters of model.kinetics {} ({})", o,
         fig2.size(), params.size(), kinetics_name(kin), fmt::join(params, ", "));
  const int n = cfg.get<int>("grid.n");
  if (n % 2 != 0) fail("{}: key 'grid.n': value {}: expected an even number", o, n);
  const double dt = cfg.get<double>("simulate.dt"), t_max = cfg.get<double>("simulate.t_max");
  const long long steps = std::llround(t_max / dt);
  if (steps < 1 || std::fabs(static_cast<double>(steps) * dt - t_max) > 1e-9 * t_max)
    fail("{}: key 'simulate.t_max': value {}: expected a positive multiple of simulate.dt = {}", o, t_max, dt);
  check_simulate_rules(cfg, steps, n);
  const auto pools = cfg.get<std::vector<long>>("split.pools");
  for (std::size_t i = 0; i < pools.size(); ++i) {
    if (pools[i] % 4 != 0)
      fail("{}: key 'split.pools[{}]': value {}: expected a multiple of 4 (pools are 3:1 train:val)", o, i, pools[i]);
    if (i > 0 && pools[i] <= pools[i - 1])
      fail("{}: key 'split.pools[{}]': value {}: expected ascending pool sizes (pools are nested)", o, i, pools[i]);
  }
  const long n_samples = cfg.get<long>("split.n_samples"), n_test = cfg.get<long>("split.n_test");
  if (n_test + pools.back() > n_samples)
    fail("{}: key 'split.n_samples': value {}: expected at least n_test + the largest pool = {}", o, n_samples,
         n_test + pools.back());
  const int kernel = cfg.get<int>("train.cnn_kernel");
  if (kernel % 2 == 0)
    fail("{}: key 'train.cnn_kernel': value {}: expected an odd size (same-size circular convolution)", o, kernel);
  const auto lambdas = cfg.get<std::vector<double>>("train.lambdas");
  for (std::size_t i = 0; i < lambdas.size(); ++i)
    if (std::stod(lambda_label(lambdas[i])) != lambdas[i])
      fail("{}: key 'train.lambdas[{}]': value {:.17g}: expected at most 6 significant digits (lambda names a model "
           "directory, lam{})",
           o, i, lambdas[i], lambda_label(lambdas[i]));
  const auto archs = cfg.get<std::vector<std::string>>("train.archs");
  std::vector<std::string> names;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    try {
      names.push_back(ArchSpec::parse(archs[i]).name());
    } catch (const Error& e) {
      fail("{}: key 'train.archs[{}]': {}", o, i, e.what());
    }
  }
  std::string focus;
  try {
    focus = ArchSpec::parse(cfg.get<std::string>("tabulate.focus_arch")).name();
  } catch (const Error& e) {
    fail("{}: key 'tabulate.focus_arch': {}", o, e.what());
  }
  if (std::find(names.begin(), names.end(), focus) == names.end())
    fail("{}: key 'tabulate.focus_arch': value '{}': expected one of train.archs [{}]", o, focus, fmt::join(archs, ", "));
  const long focus_n = cfg.get<long>("tabulate.focus_n");
  if (std::find(pools.begin(), pools.end(), focus_n) == pools.end())
    fail("{}: key 'tabulate.focus_n': value {}: expected one of split.pools [{}]", o, focus_n, fmt::join(pools, ", "));
}

}  // namespace press

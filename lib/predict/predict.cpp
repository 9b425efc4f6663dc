#include "press/predict/predict.hpp"

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/learn/model_dir.hpp"
#include "press/learn/net.hpp"
#include "press/model/grid_physics.hpp"
#include "press/model/kinetics.hpp"

namespace press {

void run_predict(const PredictRequest& req, const Config& cfg, const Log& log) {
  std::vector<Pattern> pats = read_user_patterns(req);
  if (req.model_dir.empty()) return write_estimates(req, pats, nullptr, "", cfg, log);
  const ModelSettings ms = ModelSettings::load(req.model_dir);
  const KineticsId kin = GridPhysics::from_config(cfg).kinetics;
  if (ms.ranges.names != param_names(kin))
    fail("{}: the model estimates ({}): expected the parameters of {}'s model.kinetics {}, ({}): pass the config the "
         "model was trained with",
         settings_file(req.model_dir), fmt::join(ms.ranges.names, ", "), cfg.origin(), kinetics_name(kin),
         fmt::join(param_names(kin), ", "));
  if (ms.inputs != std::vector<std::string>{"u"})
    fail("{}: the model reads [{}]: expected a model trained on u alone (predict reads u)", req.model_dir,
         fmt::join(ms.inputs, ","));
  for (auto& p : pats) {
    if (p.n == ms.grid) continue;
    if (!req.resize)
      fail("{}: {}x{} pixels: expected {}x{}, the grid of the model {} (--resize resamples, which changes dx and "
           "with it the physics)",
           p.name, p.n, p.n, ms.grid, ms.grid, req.model_dir);
    log.info("{}: resampled {}x{} -> {}x{} (one pixel is now {:g} of the original's)", p.name, p.n, p.n, ms.grid,
             ms.grid, static_cast<double>(p.n) / ms.grid);
    p.u = resample_periodic(p.u, p.n, ms.grid);
    p.n = ms.grid;
  }
  const auto device = resolve_device("auto");
  PressNet net = load_model(req.model_dir, ms, device);
  const auto m = static_cast<std::int64_t>(pats.size()), g = static_cast<std::int64_t>(ms.grid);
  std::vector<float> x;
  for (const auto& p : pats) x.insert(x.end(), p.u.begin(), p.u.end());
  const auto pred = predict_params(net, torch::from_blob(x.data(), {m, 1, g, g}, torch::kFloat32), 256, device);
  std::vector<Estimate> est(pats.size());
  for (std::size_t i = 0; i < pats.size(); ++i) est[i].p = pred[i];
  write_estimates(req, pats, &est, "model:" + ms.arch, cfg, log);
}

}  // namespace press

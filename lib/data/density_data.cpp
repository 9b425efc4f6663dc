#include "press/data/density_data.hpp"

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/data/density_noise.hpp"

namespace press {

DensitySetup DensitySetup::from_config(const Config& cfg, LawForm diffusion) {
  DensitySetup s;
  const std::string dkey = fmt::format("binn.diffusion.{}", law_form_name(diffusion));
  s.diffusion = DensityLaw::make(diffusion, cfg.get<std::vector<double>>(dkey), dkey);
  s.growth = DensityLaw::make(law_form_from_name(cfg.get<std::string>("binn.growth.form"), "binn.growth.form"),
                              cfg.get<std::vector<double>>("binn.growth.coefficients"), "binn.growth.coefficients");
  s.model.n = cfg.get<int>("binn.fine");
  s.model.length = cfg.get<double>("binn.length");
  s.model.boundary = boundary_from_name(cfg.get<std::string>("binn.boundary"), "binn.boundary");
  s.amplitude = cfg.get<double>("binn.amplitude");
  s.t_max = cfg.get<double>("binn.t_max");
  s.observed = cfg.get<int>("binn.observed");
  s.frames = cfg.get<int>("binn.frames");
  s.dopri.rtol = cfg.get<double>("binn.rtol");
  s.dopri.atol = cfg.get<double>("binn.atol");
  s.noise_levels = cfg.get<std::vector<double>>("binn.noise_levels");
  s.noise_gamma = cfg.get<double>("binn.noise_gamma");
  s.seed = static_cast<std::uint32_t>(cfg.get<long>("seed"));
  const bool noflux = s.model.boundary == Boundary::noflux;
  if (noflux ? (s.model.n - 1) % (s.observed - 1) != 0 : s.model.n % s.observed != 0)
    fail("{}: key 'binn.fine': value {}: expected {} with binn.observed {} (the observed points are fine points)",
         cfg.origin(), s.model.n, noflux ? "fine - 1 a multiple of observed - 1" : "a multiple of observed", s.observed);
  return s;
}

int DensitySetup::stride() const {
  return model.boundary == Boundary::noflux ? (model.n - 1) / (observed - 1) : model.n / observed;
}

DensityData make_density_data(const DensitySetup& s, const Log& log) {
  DensityData d;
  const int m = s.observed, st = s.stride(), N = s.model.n;
  for (int f = 0; f < s.frames; ++f) d.t.push_back(s.t_max * f / (s.frames - 1));
  for (int i = 0; i < m; ++i) d.x.push_back(s.model.x(i * st));
  d.u_clean.reserve(static_cast<std::size_t>(s.frames * m * m));
  DensityModel model = s.model;
  model.eq.diffusion = s.diffusion;
  model.eq.growth = s.growth;
  const auto stats = integrate_density(model, cos2_bump(model, s.amplitude), d.t, s.dopri,
                                       [&](std::size_t k, const std::vector<double>& u) {
                                         for (int i = 0; i < m; ++i)
                                           for (int j = 0; j < m; ++j)
                                             d.u_clean.push_back(u[static_cast<std::size_t>(i * st) * N + j * st]);
                                         log.info("frame {}/{} at t = {:g}", k + 1, d.t.size(), d.t[k]);
                                       });
  d.noise_levels = s.noise_levels;
  for (double level : s.noise_levels) {
    std::vector<double> u = d.u_clean;
    const DensityNoise noise = add_density_noise(u, level, s.noise_gamma, s.seed, 0);
    d.u.insert(d.u.end(), u.begin(), u.end());
    d.noise_scale.push_back(noise.scale);
    d.noise_achieved.push_back(noise.achieved);
  }
  auto& a = d.attrs;
  a.strings["diffusion_form"] = law_form_name(s.diffusion.form);
  a.strings["growth_form"] = law_form_name(s.growth.form);
  for (std::size_t k = 0; k < s.diffusion.c.size(); ++k) a.numbers[fmt::format("diffusion_c{}", k)] = s.diffusion.c[k];
  for (std::size_t k = 0; k < s.growth.c.size(); ++k) a.numbers[fmt::format("growth_c{}", k)] = s.growth.c[k];
  a.strings["diffusion"] = s.diffusion.text();
  a.strings["growth"] = s.growth.text();
  a.strings["boundary"] = boundary_name(s.model.boundary);
  a.numbers["length"] = s.model.length;
  a.numbers["fine_n"] = N;
  a.numbers["amplitude"] = s.amplitude;
  a.numbers["rtol"] = s.dopri.rtol;
  a.numbers["atol"] = s.dopri.atol;
  a.numbers["noise_gamma"] = s.noise_gamma;
  a.numbers["seed"] = s.seed;
  a.numbers["dopri5_steps"] = static_cast<double>(stats.steps);
  a.numbers["dopri5_rejected"] = static_cast<double>(stats.rejected);
  return d;
}

}  // namespace press

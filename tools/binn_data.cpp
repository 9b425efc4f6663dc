// binn_data: density data with a known answer for equation discovery (issue 24; BINN.md).
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/data/density_data.hpp"

int main(int argc, char** argv) {
  press::Tool tool("binn_data",
                   "Simulate u_t = div(D(u) grad u) + G(u) u from the cos^2 bump on the fine grid (dopri5, no-flux or "
                   "periodic), sample binn.frames frames onto the binn.observed grid, add each of binn.noise_levels' "
                   "observation noise; writes t, x, u_clean and u [level, frame, x, y] to an HDF5 file.",
                   {.threads = false, .seed = true});
  std::string out, diffusion;
  auto& app = tool.app();
  app.add_option("--diffusion", diffusion, "the diffusion law's form: constant, linear, quadratic, saturating or power "
                                           "(its coefficients: binn.diffusion.<form>)")->required();
  app.add_option("--out", out, "output HDF5 file")->required();
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out", out}}, {{"--config", ctx.cfg.origin()}});
    const auto form = press::law_form_from_name(diffusion, "--diffusion");
    const auto setup = press::DensitySetup::from_config(ctx.cfg, form);
    ctx.log.info("D = {}, G = {}, {}x{} fine grid, {} frames to t = {} on {}x{}, noise levels [{}]",
                 setup.diffusion.text(), setup.growth.text(), setup.model.n, setup.model.n, setup.frames,
                 setup.t_max, setup.observed, setup.observed, fmt::join(setup.noise_levels, ", "));
    const auto data = press::make_density_data(setup, ctx.log);
    press::write_density_data(out, data);
    ctx.log.info("{} dopri5 steps ({} rejected); noise reached [{:.6g}] -> {}", data.attrs.numbers.at("dopri5_steps"),
                 data.attrs.numbers.at("dopri5_rejected"), fmt::join(data.noise_achieved, ", "), out);
    ctx.log.summary(fmt::format("{} frames", data.frames()));
  });
}

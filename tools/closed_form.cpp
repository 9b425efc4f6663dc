// closed_form: regress a curve f(u) onto the grammar of closed forms and rank them (issue 24).
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/csv.hpp"
#include "press/discover/closed_form.hpp"

int main(int argc, char** argv) {
  press::Tool tool("closed_form",
                   "Fit every sum of 1, u, u^2, 1 - exp(-c u) and u^p up to binn.max_form_size coefficients to a curve "
                   "(u, f, optional weight columns) by weighted least squares and rank them by AICc; writes the "
                   "candidates with their coefficients and standard errors, best first.",
                   {.threads = false, .seed = false});
  std::string in, out;
  std::size_t rows = 10;
  auto& app = tool.app();
  app.add_option("--in", in, "CSV with columns u, f and optionally weight")->required();
  app.add_option("--out", out, "output CSV: rank, expression, size, rss, aicc, coefficients, stderr")->required();
  app.add_option("--rows", rows, "candidates written (default 10)");
  tool.override_key(app.add_option("--max-size", "overrides binn.max_form_size"), "binn.max_form_size");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out", out}}, {{"--config", ctx.cfg.origin()}, {"--in", in}});
    const auto t = press::read_csv(in);
    const std::size_t cu = t.column("u"), cf = t.column("f");
    const bool weighted = std::find(t.header.begin(), t.header.end(), "weight") != t.header.end();
    std::vector<double> u, f, w;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      u.push_back(t.number(r, cu));
      f.push_back(t.number(r, cf));
      w.push_back(weighted ? t.number(r, t.column("weight")) : 1.0);
    }
    const auto fits = press::fit_closed_forms(u, f, w, ctx.cfg.get<int>("binn.max_form_size"));
    press::write_text_atomic(out, press::closed_forms_csv(fits, rows));
    for (std::size_t r = 0; r < std::min<std::size_t>(3, fits.size()); ++r)
      ctx.log.info("{}. {} (AICc {:.6g}, RSS {:.3g})", r + 1, fits[r].text(), fits[r].aicc, fits[r].rss);
    ctx.log.summary(fmt::format("{} candidates", fits.size()));
  });
}

#include "press/model/lsa.hpp"

#include <algorithm>
#include <cmath>

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/parallel.hpp"

namespace press {

double growth_rate(const Jacobian& J, double du, double ratio, double k2) {
  const double a11 = J.fu - du * k2, a22 = J.gv - du * ratio * k2;
  const double tr = a11 + a22, det = a11 * a22 - J.fv * J.gu;
  const double disc = 0.25 * tr * tr - det;
  return disc >= 0 ? 0.5 * tr + std::sqrt(disc) : 0.5 * tr;
}

std::vector<int> lattice_shells(int n) {
  std::vector<int> m;
  const int h = n / 2;  // |nx| ranges over 0..N/2 (the Nyquist index -N/2 has |nx| = N/2)
  for (int x = 0; x <= h; ++x)
    for (int y = 0; y <= x; ++y)
      if (x + y > 0) m.push_back(x * x + y * y);
  std::sort(m.begin(), m.end());
  m.erase(std::unique(m.begin(), m.end()), m.end());
  return m;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::turing: return "turing";
    case Verdict::unstable_trace: return "cond1_trace";
    case Verdict::unstable_det: return "cond2_det";
    case Verdict::no_cond3: return "cond3_delta_fu_plus_gv";
    case Verdict::no_cond4: return "cond4_discriminant";
    case Verdict::no_lattice_mode: return "no_lattice_mode";
  }
  return "?";
}

TuringFilter::TuringFilter(const LsaSettings& st) : st_(st) {
  const double q = 2.0 * M_PI / (st.n * st.dx);
  for (int m : lattice_shells(st.n)) k2_.push_back(q * q * m);
}

LsaResult TuringFilter::operator()(const Params& th) const {
  LsaResult r;
  const SteadyState ss = steady_state(st_.kinetics, th);
  r.u_star = ss.u;
  r.v_star = ss.v;
  const Jacobian J = jacobian_at(st_.kinetics, th, ss);
  r.J = J;
  // With D = D_u diag(1, rho), D_u > 0 cancels from conditions 3 and 4.
  const double rho = diffusion_ratio(st_.kinetics, th), du = st_.du();
  const double tr = J.fu + J.gv, det = J.fu * J.gv - J.fv * J.gu;
  const double h = rho * J.fu + J.gv;
  if (!(tr < 0)) { r.verdict = Verdict::unstable_trace; return r; }
  if (!(det > 0)) { r.verdict = Verdict::unstable_det; return r; }
  r.conditions_hold = h > 0 && h * h > 4.0 * rho * det;

  r.lambda_max = -INFINITY;
  for (double k2 : k2_) {
    const double lam = growth_rate(J, du, rho, k2);
    if (lam > r.lambda_max) {
      r.lambda_max = lam;
      r.k_max = std::sqrt(k2);
    }
  }
  r.wavelength = 2.0 * M_PI / r.k_max;
  r.lattice_unstable = r.lambda_max > 0;

  if (!(h > 0)) r.verdict = Verdict::no_cond3;
  else if (!(h * h > 4.0 * rho * det)) r.verdict = Verdict::no_cond4;
  else if (st_.require_lattice_mode && !r.lattice_unstable) r.verdict = Verdict::no_lattice_mode;
  else r.verdict = Verdict::turing;
  return r;
}

LsaSettings lsa_settings(const Config& cfg) {
  LsaSettings st;
  static_cast<GridPhysics&>(st) = GridPhysics::from_config(cfg);
  st.require_lattice_mode = cfg.get<bool>("lsa_filter.require_lattice_mode");
  return st;
}

FilterReport run_turing_filter(const ParamTable& candidates, const LsaSettings& st, int threads, bool keep_all) {
  const TuringFilter filter(st);
  const auto n = static_cast<std::int64_t>(candidates.rows.size());
  std::vector<LsaResult> res(static_cast<std::size_t>(n));
  parallel_for(n, threads, [&](std::int64_t i, int) {
    const ParamRow& row = candidates.rows[static_cast<std::size_t>(i)];
    try {
      res[static_cast<std::size_t>(i)] = filter(row.p);
    } catch (const Error& e) {  // (a steady state out of double's range): the row that caused it
      fail("{}: line {} (id {}): {}", candidates.path.empty() ? "candidates" : candidates.path, row.line, row.id,
           e.what());
    }
  });

  FilterReport rep;
  rep.accepted.names = candidates.names;
  rep.accepted.extra_columns = {"u_star", "v_star", "k_max", "lambda_max", "wavelength"};
  if (keep_all) rep.accepted.extra_columns.push_back("turing");
  for (std::int64_t i = 0; i < n; ++i) {
    const LsaResult& r = res[i];
    rep.counts[static_cast<int>(r.verdict)]++;
    const bool cond1_2 = r.verdict != Verdict::unstable_trace && r.verdict != Verdict::unstable_det;
    if (cond1_2 && r.conditions_hold && !r.lattice_unstable) rep.conditions_without_lattice++;
    if (cond1_2 && !r.conditions_hold && r.lattice_unstable) rep.lattice_without_conditions++;
    const bool turing = r.verdict == Verdict::turing;
    if (!turing && !keep_all) continue;
    ParamRow row{candidates.rows[i].id, candidates.rows[i].p, {r.u_star, r.v_star, r.k_max, r.lambda_max, r.wavelength}};
    if (keep_all) row.extra.push_back(turing ? 1 : 0);
    rep.accepted.rows.push_back(std::move(row));
  }
  return rep;
}

}  // namespace press

// Linear stability analysis against values derived by hand (closed forms in the comments) and
// the reference set.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include <fmt/ranges.h>

#include "press/model/lsa.hpp"

using namespace press;
using Catch::Matchers::WithinRel;

namespace {
LsaSettings paper_grid(KineticsId k = kinetics_id<Murray>) { return LsaSettings{{k, 128, 1.0, 0.4}, true}; }
const Params kC0{0.5, 1.5, 0.0, 30.0};  // Gierer-Meinhardt, c = 0
}  // namespace

TEST_CASE("reference set (PRESS Fig. 2) is Turing-unstable with u* = 0.3539") {
  // h(u) = bc u^3 - ac u^2 + b u - (a+1); numpy.roots gives u* = 0.3539227390128996.
  const Params th{0.0384, 1.9097, 4.5398, 185.9997};
  const LsaResult r = TuringFilter(paper_grid())(th);
  CHECK(r.verdict == Verdict::turing);
  CHECK_THAT(r.u_star, WithinRel(0.3539227390128996, 1e-12));
  CHECK_THAT(r.v_star, WithinRel(0.3539227390128996 * 0.3539227390128996, 1e-12));
  // f_u = -b + 2/(u q^2), f_v = -1/(u^2 q), q = 1 + c u^2
  CHECK_THAT(r.J.fu, WithinRel(0.3867827072476584, 1e-10));
  CHECK_THAT(r.J.fv, WithinRel(-5.089251255397479, 1e-10));
  CHECK(r.J.gu == 2 * r.u_star);
  CHECK(r.J.gv == -1.0);
  CHECK(r.lambda_max > 0);
  CHECK(r.wavelength == Approx(2 * M_PI / r.k_max));
}

TEST_CASE("c = 0 set has the hand-derived steady state, Jacobian and unstable band") {
  // a = 0.5, b = 1.5, c = 0: u* = (a+1)/b = 1, J = [[0.5, -1], [2, -1]], tr = -0.5, det = 1.5.
  // delta = 30, s = 0.4: det(A(k^2)) = 4.8 k^4 - 5.6 k^2 + 1.5, zero at k^2 = 5/12 and 3/4.
  const Jacobian J = jacobian_at(kinetics_id<Murray>, kC0, SteadyState{1.0, 1.0});
  CHECK(J.fu == 0.5);
  CHECK(J.fv == -1.0);
  CHECK(J.gu == 2.0);
  CHECK(J.gv == -1.0);
  const auto roots = gm_steady_states(0.5, 1.5, 0.0);
  REQUIRE(roots.size() == 1);
  CHECK_THAT(roots[0], WithinRel(1.0, 1e-14));

  CHECK(std::fabs(growth_rate(J, 0.4, 30.0, 5.0 / 12.0)) < 1e-12);
  CHECK(std::fabs(growth_rate(J, 0.4, 30.0, 0.75)) < 1e-12);
  CHECK(growth_rate(J, 0.4, 30.0, 0.5) > 0);
  CHECK(growth_rate(J, 0.4, 30.0, 0.40) < 0);
  CHECK(growth_rate(J, 0.4, 30.0, 0.80) < 0);
  // At k^2 = 1: tr = -12.9, det = 0.7, lambda = -6.45 + sqrt(6.45^2 - 0.7) = -0.054493765150407825
  CHECK_THAT(growth_rate(J, 0.4, 30.0, 1.0), WithinRel(-0.054493765150407825, 1e-12));

  // delta = 30: (14)^2 > 4*30*1.5 = 180 -> Turing. delta = 20: 9^2 = 81 < 120 -> cond 4 fails.
  LsaSettings st = paper_grid();
  CHECK(TuringFilter(st)(Params{0.5, 1.5, 1e-300, 30.0}).verdict == Verdict::turing);
  CHECK(TuringFilter(st)(Params{0.5, 1.5, 1e-300, 20.0}).verdict == Verdict::no_cond4);
}

TEST_CASE("a homogeneously unstable set fails condition 1") {
  // a = 0.1, b = 3, c = 0: u* = 1.1/3, f_u = -3 + 2/u* = 2.4545..., tr = 1.4545 > 0.
  const LsaResult r = TuringFilter(paper_grid())(Params{0.1, 3.0, 1e-300, 50.0});
  CHECK(r.verdict == Verdict::unstable_trace);
  CHECK_THAT(r.u_star, WithinRel(1.1 / 3.0, 1e-13));
}

TEST_CASE("the printed Eq. 3 sign convention admits no Turing set (NOTES 1)") {
  LsaSettings st = paper_grid();
  st.kinetics = kinetics_id<PrintedEq3>;
  const TuringFilter printed(st);
  CHECK(printed(Params{0.0384, 1.9097, 4.5398, 185.9997}).verdict != Verdict::turing);
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> ua(0.01, 0.7), ub(0.4, 2.0), uc(0.02, 7.0), ud(20.0, 200.0);
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) accepted += printed(Params{ua(gen), ub(gen), uc(gen), ud(gen)}).verdict == Verdict::turing;
  CHECK(accepted == 0);
}

TEST_CASE("the steady-state cubic has exactly one positive root over Table 1") {
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<double> ua(0.01, 0.7), ub(0.4, 2.0), uc(0.02, 7.0);
  for (int i = 0; i < 20000; ++i) {
    const double p = ua(gen), d = ub(gen), c = uc(gen);
    const auto roots = gm_steady_states(p, d, c);
    REQUIRE(roots.size() == 1);
    const double u = roots[0];
    // f(u*, u*^2) = p - d u + 1/(1 + c u^2) = 0
    REQUIRE(std::fabs(p - d * u + 1.0 / (1.0 + c * u * u)) < 1e-12);
  }
}

TEST_CASE("lattice shells of a 4x4 grid are |n|^2 in {1, 2, 4, 5, 8}") {
  CHECK(lattice_shells(4) == std::vector<int>{1, 2, 4, 5, 8});
  // 128^2: |nx|,|ny| <= 64; largest shell 64^2 + 64^2.
  CHECK(lattice_shells(128).back() == 8192);
}

// The three other systems (issue 14): steady state, Jacobian and Turing band derived by hand
// (closed forms in the comments, numbers worked out independently of the code), and the
// Jacobian of every system against central differences of its f and g.
namespace {
struct HandSet {
  KineticsId k;
  Params th;
  double us, vs, fu, fv, gu, gv, k2_lo, k2_hi;  // the band: det(J - k^2 D) < 0 for k^2 in (lo, hi)
};
// Schnakenberg a = 0.1, b = 0.9, d = 40: u* = a + b = 1, v* = b/(a+b)^2 = 0.9; f_u = (b-a)/(a+b),
//   f_v = (a+b)^2, g_u = -2b/(a+b), g_v = -(a+b)^2; det(A) = 40 k^4 - 31 k^2 + 1, roots
//   (31 -+ sqrt(801)) / 80.
// Brusselator a = 1, b = 1.8, d = 20: u* = a, v* = b/a; f_u = b - 1, f_v = a^2, g_u = -b, g_v = -a^2;
//   det(A) = 20 k^4 - 15 k^2 + 1, roots (15 -+ sqrt(145)) / 40.
// Lengyel-Epstein a = 12, b = 6, d = 20: u* = a/5 = 2.4, v* = 1 + u*^2 = 6.76; f_u = (3u^2 - 5)/(1 + u^2)
//   = 12.28/6.76, f_v = -4u/(1 + u^2) = -9.6/6.76, g_u = 2bu^2/(1 + u^2) = 69.12/6.76,
//   g_v = -bu/(1 + u^2) = -14.4/6.76; det J = 72/6.76 (= 5 a b / (25 + a^2) * ... worked: (fu gv - fv gu)
//   = (-176.832 + 663.552)/45.6976 = 10.6508...), det(A) = 20 k^4 - (20 f_u + g_v) k^2 + det J.
const HandSet kHand[] = {
    {kinetics_id<Schnakenberg>, {0.1, 0.9, 40.0}, 1.0, 0.9, 0.8, 1.0, -1.8, -1.0, (31 - std::sqrt(801.0)) / 80,
     (31 + std::sqrt(801.0)) / 80},
    {kinetics_id<Brusselator>, {1.0, 1.8, 20.0}, 1.0, 1.8, 0.8, 1.0, -1.8, -1.0, (15 - std::sqrt(145.0)) / 40,
     (15 + std::sqrt(145.0)) / 40},
    {kinetics_id<LengyelEpstein>, {12.0, 6.0, 20.0}, 2.4, 6.76, 12.28 / 6.76, -9.6 / 6.76, 69.12 / 6.76, -14.4 / 6.76,
     0, 0},
};
}  // namespace

TEST_CASE("Schnakenberg, Brusselator, Lengyel-Epstein: hand-derived steady state, Jacobian and Turing band") {
  for (const HandSet& h : kHand) {
    INFO(kinetics_name(h.k));
    const SteadyState ss = steady_state(h.k, h.th);
    CHECK_THAT(ss.u, WithinRel(h.us, 1e-14));
    CHECK_THAT(ss.v, WithinRel(h.vs, 1e-14));
    const Jacobian J = jacobian_at(h.k, h.th, ss);
    CHECK_THAT(J.fu, WithinRel(h.fu, 1e-13));
    CHECK_THAT(J.fv, WithinRel(h.fv, 1e-13));
    CHECK_THAT(J.gu, WithinRel(h.gu, 1e-13));
    CHECK_THAT(J.gv, WithinRel(h.gv, 1e-13));
    double lo = h.k2_lo, hi = h.k2_hi;
    if (h.k == kinetics_id<LengyelEpstein>) {  // the band from the hand Jacobian's quadratic
      const double d = 20, b = d * h.fu + h.gv, c = h.fu * h.gv - h.fv * h.gu;
      CHECK_THAT(c, WithinRel(486.72 / 45.6976, 1e-12));  // det J = (-176.832 + 663.552) / 6.76^2
      lo = (b - std::sqrt(b * b - 4 * d * c)) / (2 * d), hi = (b + std::sqrt(b * b - 4 * d * c)) / (2 * d);
    }
    // D_u = 1 (model.s does not enter these systems): the growth rate vanishes at the band's edges.
    const double du = diffusion_u(h.k, 0.4), rho = diffusion_ratio(h.k, h.th);
    CHECK(du == 1.0);
    CHECK(std::fabs(growth_rate(J, du, rho, lo)) < 1e-12);
    CHECK(std::fabs(growth_rate(J, du, rho, hi)) < 1e-12);
    CHECK(growth_rate(J, du, rho, 0.5 * (lo + hi)) > 0);
    CHECK(growth_rate(J, du, rho, 0.9 * lo) < 0);
    CHECK(growth_rate(J, du, rho, 1.1 * hi) < 0);
    const LsaResult r = TuringFilter(paper_grid(h.k))(h.th);
    CHECK(r.verdict == Verdict::turing);
    CHECK(r.k_max * r.k_max > lo);
    CHECK(r.k_max * r.k_max < hi);
  }
}

TEST_CASE("every kinetics' Jacobian equals central differences of its f and g at the steady state") {
  // Every system in kinetics.hpp's list, at its default box's centre, and the four of issue 14
  // at points of their Turing regions.
  std::vector<std::pair<KineticsId, Params>> sets = {{kinetics_id<Murray>, {0.0384, 1.9097, 4.5398, 185.9997}},
                                                     {kinetics_id<PrintedEq3>, {1.2, 0.3, 2.0, 50.0}},
                                                     {kinetics_id<Schnakenberg>, {0.2, 1.1, 30.0}},
                                                     {kinetics_id<Brusselator>, {1.3, 2.2, 25.0}},
                                                     {kinetics_id<LengyelEpstein>, {10.0, 4.0, 15.0}}};
  for (int i = 0; i < kKineticsCount; ++i) {
    const KineticsInfo& info = kinetics_info(KineticsId{i});
    std::vector<double> centre;
    for (const auto& r : info.box) centre.push_back(0.5 * (r[0] + r[1]));
    sets.emplace_back(KineticsId{i}, Params(centre.data(), static_cast<int>(centre.size())));
  }
  for (const auto& [k, th] : sets) {
    INFO(kinetics_name(k) << " at (" << fmt::format("{}", fmt::join(th, ", ")) << ")");
    const SteadyState s = steady_state(k, th);
    const auto c = coefficients(k, th);
    const double fl = 1e-6;
    with_kinetics(k, [&](auto sys) {
      using K = decltype(sys);
      CHECK(std::fabs(K::f(s.u, s.v, c.data(), fl)) < 1e-12);  // a steady state
      CHECK(std::fabs(K::g(s.u, s.v, c.data(), fl)) < 1e-12);
      const double h = 1e-6;
      const Jacobian J = jacobian_at(k, th, s);
      auto d = [&](auto fn, double du, double dv) { return (fn(s.u + du, s.v + dv) - fn(s.u - du, s.v - dv)) / (2 * h); };
      auto f = [&](double u, double v) { return K::f(u, v, c.data(), fl); };
      auto g = [&](double u, double v) { return K::g(u, v, c.data(), fl); };
      CHECK(d(f, h, 0) == Approx(J.fu).margin(1e-7));
      CHECK(d(f, 0, h) == Approx(J.fv).margin(1e-7));
      CHECK(d(g, h, 0) == Approx(J.gu).margin(1e-7));
      CHECK(d(g, 0, h) == Approx(J.gv).margin(1e-7));
      // partner_v (the fit from u alone relies on it) solves D_u Lap u + f(u, v) = 0 for v: given
      // D_u Lap u = -f(u, v), it returns v.
      if constexpr (!K::gierer_meinhardt)
        for (const double u : {0.3, 1.0, 2.7})
          for (const double v : {0.05, 0.4, 3.0, 25.0}) {
            INFO("u " << u << ", v " << v);
            CHECK(K::partner_v(u, -f(u, v), c.data(), fl) == Approx(v).epsilon(1e-9));
          }
    });
  }
}

TEST_CASE("no positive steady state is a one-line error naming the kinetics") {
  CHECK_THROWS_WITH(steady_state(kinetics_id<Brusselator>, Params{-1.0, 2.0, 10.0}),
                    Catch::Matchers::Contains("brusselator") && Catch::Matchers::Contains("u* > 0"));
}

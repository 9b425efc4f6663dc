// Linear stability analysis against values derived by hand (closed forms in the comments) and
// the reference set.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "press/model/lsa.hpp"

using namespace press;
using Catch::Matchers::WithinRel;

namespace {
LsaSettings paper_grid() { return LsaSettings{{KineticsForm::murray, 128, 1.0, 0.4}, true}; }
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
  const Jacobian J = jacobian_at(Kinetics{0.5, 1.5, 0.0}, 1.0);
  CHECK(J.fu == 0.5);
  CHECK(J.fv == -1.0);
  CHECK(J.gu == 2.0);
  CHECK(J.gv == -1.0);
  const auto roots = steady_states(Kinetics{0.5, 1.5, 0.0});
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
  st.form = KineticsForm::printed_eq3;
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
    const Kinetics k{ua(gen), ub(gen), uc(gen)};
    const auto roots = steady_states(k);
    REQUIRE(roots.size() == 1);
    const double u = roots[0];
    // f(u*, u*^2) = p - d u + 1/(1 + c u^2) = 0
    REQUIRE(std::fabs(k.p - k.d * u + 1.0 / (1.0 + k.c * u * u)) < 1e-12);
  }
}

TEST_CASE("lattice shells of a 4x4 grid are |n|^2 in {1, 2, 4, 5, 8}") {
  CHECK(lattice_shells(4) == std::vector<int>{1, 2, 4, 5, 8});
  // 128^2: |nx|,|ny| <= 64; largest shell 64^2 + 64^2.
  CHECK(lattice_shells(128).back() == 8192);
}

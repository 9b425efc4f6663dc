// Equation discovery (issue 24): the closed-form step recovers planted forms, their coefficients
// and honest uncertainties from curves, chosen by AICc among every candidate up to size 4; the
// re-simulation fit reproduces its data's frames and recovers a planted pair of laws.
#include <cmath>

#include <catch2/catch.hpp>

#include "press/core/error.hpp"
#include "press/core/rng.hpp"
#include "press/core/log.hpp"
#include "press/data/density_data.hpp"
#include "press/discover/closed_form.hpp"
#include "press/discover/kinetics_discovery.hpp"
#include "press/discover/resim_fit.hpp"

using namespace press;

namespace {

struct Curve {
  std::vector<double> u, f, w;
};

Curve sample(const DensityLaw& law, double noise, std::uint64_t id) {
  Curve c;
  std::vector<double> z(200);
  gaussian_noise<double>(7, Stream::density_noise, id, 1.0, z.data(), z.size());
  for (int i = 0; i < 200; ++i) {
    const double u = 0.05 + 0.9 * i / 199.0;
    c.u.push_back(u);
    c.f.push_back(law(u) * (1 + noise * z[static_cast<std::size_t>(i)]));
    c.w.push_back(1.0 + std::sin(3.0 * u) * 0.5);  // unequal weights, as a histogram of u gives
  }
  return c;
}

}  // namespace

TEST_CASE("expressions print their signs as operators") {
  CHECK(format_sum({{-0.5, ""}, {0.25, "u"}, {-2, "u^2"}}) == "-0.5 + 0.25 u - 2 u^2");
  CHECK(DensityLaw::make(LawForm::linear, {1.2, -1.5}, "growth").text() == "1.2 - 1.5 u");
  CHECK(DensityLaw::make(LawForm::saturating, {0.003, 0.095, 2.5}, "D").text() == "0.003 + 0.095 (1 - exp(-2.5 u))");
  ClosedForm f;
  f.terms = {Term::one, Term::u2, Term::sat};
  f.c = {0.01, -0.044, 0.5, 3};
  CHECK(f.text() == "0.01 - 0.044 u^2 + 0.5 (1 - exp(-3 u))");
}

TEST_CASE("closed forms: each planted form is chosen first, with its coefficients, from the exact curve") {
  const std::vector<std::pair<LawForm, std::vector<double>>> planted{
      {LawForm::constant, {0.02472}},
      {LawForm::linear, {0.015, 0.06}},
      {LawForm::quadratic, {0.01, 0.044}},
      {LawForm::saturating, {0.003, 0.095, 2.5}},
      {LawForm::power, {0.05, 1.7}},
      {LawForm::linear, {1.2, -1.5}},  // Fisher-KPP's growth rate
  };
  for (std::size_t k = 0; k < planted.size(); ++k) {
    const auto law = DensityLaw::make(planted[k].first, planted[k].second, "planted");
    const Curve c = sample(law, 0.0, k);
    const auto fits = fit_closed_forms(c.u, c.f, c.w, 4);
    INFO(law.text() << " -> " << fits[0].text());
    REQUIRE(fits[0].is_form(law.form));
    for (std::size_t i = 0; i < law.c.size(); ++i) CHECK(fits[0].c[i] == Approx(law.c[i]).epsilon(1e-6));
  }
}

TEST_CASE("closed forms: with 0.1% noise the form survives and the standard errors cover the truth") {
  const auto law = DensityLaw::make(LawForm::saturating, {0.003, 0.095, 2.5}, "planted");
  const Curve c = sample(law, 1e-3, 11);
  const auto fits = fit_closed_forms(c.u, c.f, c.w, 4);
  INFO(fits[0].text());
  REQUIRE(fits[0].is_form(LawForm::saturating));
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(fits[0].stderr_[i] > 0);
    CHECK(std::abs(fits[0].c[i] - law.c[i]) < 4 * fits[0].stderr_[i]);
  }
  CHECK(fits.size() > 10);  // the runners-up are there to report
  CHECK_THROWS_AS(fit_closed_forms({0.1, 0.2}, {1, 2}, {1, 1}, 4), Error);
}

namespace {

// D = 0.015 + 0.06 u, G = 1.2 - 1.5 u on a 21-point grid observed at 11 x 11 x 5, no noise.
DensitySetup linear_setup() {
  DensitySetup s;
  s.diffusion = DensityLaw::make(LawForm::linear, {0.015, 0.06}, "D");
  s.growth = DensityLaw::make(LawForm::linear, {1.2, -1.5}, "G");
  s.model.n = 21;
  s.observed = 11;
  s.frames = 5;
  s.noise_levels = {0};
  return s;
}

}  // namespace

TEST_CASE("re-simulation: the true laws reproduce the clean frames; the fit recovers a planted pair") {
  const DensitySetup s = linear_setup();
  const DensityData d = make_density_data(s, Log("test"));
  ResimSettings rs;
  rs.fine = 21;
  rs.dopri = s.dopri;
  const auto sim = resimulate(d, {s.diffusion, s.growth}, 1.0, rs);
  double err = 0;
  for (std::size_t i = 0; i < sim.size(); ++i) err = std::max(err, std::abs(sim[i] - d.u_clean[i]));
  CHECK(err < 1e-12);  // the same solver, grid and tolerances: the same numbers
  CHECK_THROWS_WITH(resimulate(d, {s.diffusion, s.growth}, 1.0, ResimSettings{22}),
                    Catch::Matchers::Contains("--fine: value 22"));
  // The planted pair from its own frames: the linear D with linear G fitted from a neutral start,
  // with the fit's own (tighter) tolerances.
  rs = ResimSettings{21};
  const ResimFit f = fit_by_resimulation(d, 0, LawForm::linear, LawForm::linear, rs);
  INFO(f.diffusion.text() << ", " << f.growth.text() << ", amplitude " << f.amplitude << ", RMS " << f.rms_clean
                            << ", " << f.evals << " simulations");
  CHECK(f.rms_clean < 1e-6);
  CHECK(f.diffusion.c[0] == Approx(0.015).epsilon(1e-3));
  CHECK(f.diffusion.c[1] == Approx(0.06).epsilon(1e-3));
  CHECK(f.growth.c[0] == Approx(1.2).epsilon(1e-3));
  CHECK(f.growth.c[1] == Approx(-1.5).epsilon(1e-3));
  CHECK(f.amplitude == Approx(1.0).epsilon(1e-6));
}

TEST_CASE("re-simulating discovered equations: closed forms and sparse regression's terms, as found") {
  const DensitySetup s = linear_setup();
  const DensityData d = make_density_data(s, Log("test"));
  ResimSettings rs{21};
  rs.dopri = s.dopri;
  // A closed form is the sum of its terms' laws: a + b u as {constant a} + {linear 0, b}.
  ClosedForm cf;
  cf.terms = {Term::one, Term::u};
  cf.c = {0.015, 0.06};
  for (double u : {0.0, 0.3, 0.9}) CHECK(cf.law()(u) == Approx(s.diffusion(u)).epsilon(1e-15));
  CHECK(cf.law().text() == "0.015 + 0.06 u");
  ClosedForm g;
  g.terms = {Term::one, Term::u};
  g.c = {1.2, -1.5};
  CHECK(resim_error(d, {cf.law(), g.law()}, rs) < 1e-12);  // the truth, summed term by term
  // Sparse regression's exact linear-D support (lap u, u lap u, |grad u|^2 = D') has no K or S.
  SindyFit exact;
  exact.xi = {0, 1.2, -1.5, 0, 0.015, 0.06, 0, 0.06, 0};
  const DensityEquation eq = sindy_equation(exact);
  CHECK(eq.gradient_sq.terms.empty());
  CHECK(eq.source.terms.empty());
  CHECK(resim_error(d, eq, rs) < 1e-12);
  // A wrong |grad u|^2 coefficient is kept as found, K = 0.06 - 0.03, and moves the frames.
  SindyFit wrong = exact;
  wrong.xi[7] = 0.03;
  const DensityEquation weq = sindy_equation(wrong);
  REQUIRE(weq.gradient_sq.terms.size() == 1);
  CHECK(weq.gradient_sq(0.5) == Approx(-0.03));
  CHECK(weq.text() == "div((0.015 + 0.06 u) grad u) + (1.2 - 1.5 u) u + (-0.03) |grad u|^2");
  CHECK(resim_error(d, weq, rs) > 1e-4);
  // Backward diffusion does not run: NaN, not a number to rank.
  CHECK(std::isnan(resim_error(d, {DensityLaw::make(LawForm::constant, {-0.05}, "D"), s.growth}, rs)));
  // A grid that does not nest is the caller's error, not the equation's.
  CHECK_THROWS_WITH(resim_error(d, eq, ResimSettings{22}), Catch::Matchers::Contains("--fine: value 22"));
}

// Two species (docs/binn.md "Two species"): derivatives made exactly from Schnakenberg's
// equations at independent random (u, v, lap u, lap v), so the library's columns are well
// conditioned and the truth is the only exact fit.
namespace {

// `frames` frames of a grid x grid field, one trajectory.
FrameDerivatives planted(KineticsId k, const Params& theta, double du, int grid, long frames) {
  const long n = frames * grid * grid;
  FrameDerivatives d;
  d.n = grid, d.frames = frames, d.trajectories = 1;
  d.truth = k;
  d.theta = theta;
  d.s = du;
  d.v_floor = 1e-6;
  std::vector<double> z(static_cast<std::size_t>(4 * n));
  gaussian_noise<double>(3, Stream::density_noise, 11, 1.0, z.data(), z.size());
  d.u.resize(n), d.v.resize(n), d.lap_u.resize(n), d.lap_v.resize(n), d.ut.resize(n), d.vt.resize(n);
  const auto c = coefficients(k, theta);
  const double dv = du * diffusion_ratio(k, theta);
  for (long i = 0; i < n; ++i) {
    const auto at = [&](int j) { return z[static_cast<std::size_t>(4 * i + j)]; };
    d.u(i) = 1.0 + 0.3 * at(0), d.v(i) = 0.9 + 0.3 * at(1), d.lap_u(i) = 0.1 * at(2), d.lap_v(i) = 0.02 * at(3);
    with_kinetics(k, [&](auto sys) {
      using S = decltype(sys);
      d.ut(i) = du * d.lap_u(i) + S::f(d.u(i), d.v(i), c.data(), d.v_floor);
      d.vt(i) = dv * d.lap_v(i) + S::g(d.u(i), d.v(i), c.data(), d.v_floor);
    });
  }
  return d;
}

}  // namespace

TEST_CASE("the two-species library holds Schnakenberg's terms, not Gierer-Meinhardt's") {
  const auto t = library_truth(kinetics_id<Schnakenberg>, Params{0.1, 0.9, 12.0}, 0.4, 1e-6);
  CHECK(t.polynomial);
  // lap u, lap v, 1, u, v, u^2, u v, v^2, u^3, u^2 v, u v^2, v^3
  const std::vector<double> u{1, 0, 0.1, -1, 0, 0, 0, 0, 0, 1, 0, 0}, v{0, 12, 0.9, 0, 0, 0, 0, 0, 0, -1, 0, 0};
  for (std::size_t k = 0; k < u.size(); ++k) {
    CHECK(t.u[k] == Approx(u[k]).margin(1e-12));
    CHECK(t.v[k] == Approx(v[k]).margin(1e-12));
  }
  CHECK_FALSE(library_truth(kinetics_id<Murray>, Params{0.04, 1.0, 0.2, 30.0}, 0.4, 1e-6).polynomial);
}

TEST_CASE("sparse regression and model selection recover planted Schnakenberg derivatives") {
  const Params theta{0.1, 0.9, 12.0};
  const auto d = planted(kinetics_id<Schnakenberg>, theta, 1.0, 10, 20);
  const TestFunctions pointwise(d, 0, 0);
  REQUIRE(pointwise.rows() == 2000);
  const auto truth = library_truth(d.truth, d.theta, d.s, d.v_floor);
  const auto fu = stlsq(two_species_problem(d, false, pointwise), 0.01);
  const auto fv = stlsq(two_species_problem(d, true, pointwise), 0.01);
  const auto su = score_sparse(fu, truth.u), sv = score_sparse(fv, truth.v);
  CHECK(su.support_right);
  CHECK(sv.support_right);
  CHECK(su.max_coef_err < 1e-9);
  CHECK(sv.max_coef_err < 1e-9);
  const auto fits = select_kinetics(d, 3, pointwise);
  REQUIRE(fits.size() == static_cast<std::size_t>(kKineticsCount));
  CHECK(fits[0].kinetics == kinetics_id<Schnakenberg>);
  for (int j = 0; j < 3; ++j) CHECK(fits[0].theta[j] == Approx(theta[j]).epsilon(1e-6));
  CHECK(fits[0].du == Approx(1.0).epsilon(1e-6));
  CHECK(fits[0].rel_rms_u < 1e-6);
  CHECK(fits[1].aicc - fits[0].aicc > 1000);  // every other kinetics leaves a residual
}

TEST_CASE("the weak form: the bump's weights, periodic reach, exact equations stay exact") {
  auto d = planted(kinetics_id<Schnakenberg>, Params{0.1, 0.9, 12.0}, 1.0, 12, 24);
  const Eigen::VectorXd x = d.u;
  CHECK(TestFunctions(d, 0, 0).apply(x) == x);  // the pointwise form: every row as it is
  const TestFunctions tf(d, 2, 2);
  // centres every 2 cells (6 x 6) and every 2 frames whose window (5 frames) fits in 24: 10
  REQUIRE(tf.rows() == 6 * 6 * 10);
  // A constant integrates to itself: the weights sum to 1.
  const Eigen::VectorXd one = tf.apply(Eigen::VectorXd::Constant(x.size(), 2.5));
  CHECK((one.array() - 2.5).abs().maxCoeff() < 1e-12);
  // One cell set to 1 at (y, x) = (0, 0) in the middle frame (2) of the first window (frames 0-4):
  // the bump is (1 - (k/3)^2)^2 = 1, (8/9)^2, (5/9)^2 at k = 0, 1, 2, so the first row (centre
  // (0, 0)) is c0^3 with c0 = 1 / (1 + 2 (8/9)^2 + 2 (5/9)^2), the next (centre x = 2) c0^3 (5/9)^2.
  Eigen::VectorXd spike = Eigen::VectorXd::Zero(x.size());
  spike(2 * 144) = 1;
  const double c0 = 1 / (1 + 2 * std::pow(8.0 / 9, 2) + 2 * std::pow(5.0 / 9, 2));
  const Eigen::VectorXd s = tf.apply(spike);
  CHECK(s(0) == Approx(c0 * c0 * c0).epsilon(1e-12));
  CHECK(s(1) == Approx(c0 * c0 * c0 * std::pow(5.0 / 9, 2)).epsilon(1e-12));  // centre x = 2, two cells away
  CHECK(s(2) == 0);                                                          // centre x = 4: out of reach
  CHECK(s(5) == Approx(s(1)).epsilon(1e-12));                                // centre x = 10: two cells the other way round
  // The planted derivatives satisfy the equations row by row, so their weak form is exact too.
  const auto fits = select_kinetics(d, 3, tf);
  CHECK(fits[0].kinetics == kinetics_id<Schnakenberg>);
  for (int j = 0; j < 3; ++j) CHECK(fits[0].theta[j] == Approx(d.theta[j]).epsilon(1e-6));
  CHECK(fits[0].du == Approx(1.0).epsilon(1e-6));
  CHECK_THROWS_AS(TestFunctions(d, 6, 0), Error);   // 13 cells do not fit in 12
  CHECK_THROWS_AS(TestFunctions(d, 0, 12), Error);  // 25 frames do not fit in 24
  CHECK_THROWS_AS(TestFunctions(d, -1, 0), Error);
}

TEST_CASE("model selection's verdict: tied fits share a rank, the margin skips them") {
  FrameDerivatives d;
  d.truth = kinetics_id<PrintedEq3>;
  d.theta = Params{1.0, 0.03, 0.28, 32.0};
  auto fit = [](KineticsId k, double rss, double aicc, Params theta) {
    KineticsFit f;
    f.kinetics = k, f.rss = rss, f.aicc = aicc, f.theta = theta;
    return f;
  };
  // murray and printed_eq3 one family (RSS equal to round-off), then a worse kinetics.
  const std::vector<KineticsFit> fits{fit(kinetics_id<Murray>, 2.0, -100.0, Params{0.03, 1.0, 0.28, 32.0}),
                                      fit(kinetics_id<PrintedEq3>, 2.0 * (1 + 1e-13), -100.0, Params{1.02, 0.03, 0.28, 32.0}),
                                      fit(kinetics_id<GrayScott>, 9.0, 400.0, Params{0.01, 0.05, 0.5})};
  const auto v = selection_verdict(fits, d);
  CHECK(v.truth == 1);
  CHECK(v.true_rank == 1);
  CHECK(v.runner_up == 2);
  CHECK(v.margin == Approx(500.0));
  CHECK(v.true_param_err == Approx(0.02));
  d.truth = kinetics_id<GrayScott>;
  CHECK(selection_verdict(fits, d).true_rank == 3);
}

TEST_CASE("SIMEX's pieces: the noise sd from second differences in time, the quadratic's extrapolation") {
  // A smooth decaying pattern on 32^2 over 40 frames, the first three a fast transient, plus white
  // noise of sd 0.05: the estimate is within 3% (1,024 cells x 37 differences), the transient
  // notwithstanding; without noise it is the smooth part's dt^2 x_tt alone, ~1e-4.
  const std::size_t cells = 32 * 32, F = 40;
  std::vector<float> clean(F * cells), noisy(F * cells);
  std::vector<double> z(F * cells);
  gaussian_noise<double>(3, Stream::observation_noise_u, 0, 0.05, z.data(), z.size());
  for (std::size_t k = 0; k < F; ++k)
    for (std::size_t c = 0; c < cells; ++c) {
      const double x = 2 * M_PI * static_cast<double>(c % 32) / 32, y = 2 * M_PI * static_cast<double>(c / 32) / 32;
      const double t = 0.1 * static_cast<double>(k);
      const double transient = k < 3 ? 0.8 * std::cos(3 * x + static_cast<double>(k)) : 0.0;
      clean[k * cells + c] = static_cast<float>(1 + 0.5 * std::sin(x) * std::cos(y) * std::exp(-t) + transient);
      noisy[k * cells + c] = static_cast<float>(clean[k * cells + c] + z[k * cells + c]);
    }
  const double s = noise_sigma(noisy.data(), F, cells);
  INFO("estimated sd " << s << " (planted 0.05)");
  CHECK(std::abs(s / 0.05 - 1) < 0.03);
  CHECK(noise_sigma(clean.data(), F, cells) < 1e-3);
  CHECK_THROWS_AS(noise_sigma(clean.data(), 2, cells), Error);
  // The quadratic through its own points returns its value at -1 exactly: 1 - 2 + 3 = 2; a line
  // (a bias linear in sigma^2) too; least squares when the points are not on one quadratic.
  const std::vector<double> zeta{0, 0.5, 1, 1.5, 2};
  std::vector<double> q, line;
  for (double x : zeta) q.push_back(1 + 2 * x + 3 * x * x), line.push_back(0.06 - 0.016 * x);
  CHECK(simex_extrapolate(zeta, q) == Approx(2.0).epsilon(1e-12));
  CHECK(simex_extrapolate(zeta, line) == Approx(0.076).epsilon(1e-12));
  CHECK_THROWS_AS(simex_extrapolate({0, 1}, {1, 2}), Error);
}

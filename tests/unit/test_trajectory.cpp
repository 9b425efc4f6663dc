// Trajectories (issue 23): the explicit Euler 9-point integrator against the stencil's exact
// symbol, the frames each solver sends, the shard's frame datasets written out of order from
// threads, and the rectangle initial conditions.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "press/io/shard_io.hpp"
#include "press/sim/initial.hpp"
#include "press/sim/solver.hpp"
#include "physics_checks.hpp"

using namespace press;
using namespace press::testing;

namespace {

// Gray-Scott with F = k = 0 and v = 0: f = g = 0, so u only diffuses: u <- u + dt D L9 u.
SimSettings pure_diffusion(int n, double dt, std::int64_t steps) {
  SimSettings st = settings(n, dt, steps, kinetics_id<GrayScott>);
  st.integrator = Integrator::euler9;
  st.s = 0.1;
  st.dx = 1.5;
  return st;
}

}  // namespace

TEST_CASE("euler9: a Fourier mode decays by the 9-point stencil's exact amplification factor") {
  const int n = 32, mx = 3, my = 5, steps = 200;
  const double dt = 1.0;
  const SimSettings st = pure_diffusion(n, dt, steps);
  std::vector<double> u(n * n), v(n * n, 0.0);
  const double a = 2 * M_PI * mx / n, b = 2 * M_PI * my / n, eps = 1e-3;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) u[static_cast<std::size_t>(i * n + j)] = 1 + eps * std::cos(a * i + b * j);
  // The symbol of (1/4)[[1,2,1],[2,-12,2],[1,2,1]] on cos(a i + b j): -3 + cos a + cos b + cos a cos b.
  const double symbol = (-3 + std::cos(a) + std::cos(b) + std::cos(a) * std::cos(b)) / (st.dx * st.dx);
  const double factor = std::pow(1 + dt * st.s * symbol, steps);
  const Params th{0.0, 0.0, 0.5};
  SampleResult r;
  make_euler_solver<double>(st, 1)->run(&th, 1, u.data(), v.data(), &r, {});
  double worst = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      worst = std::max(worst, std::fabs(u[static_cast<std::size_t>(i * n + j)] - 1 - eps * factor * std::cos(a * i + b * j)));
  INFO("factor " << factor << ", worst deviation " << worst);
  CHECK(factor < 0.5);  // a real decay, not a no-op
  CHECK(worst < 1e-15 * steps);
  CHECK(r.steps == steps);
}

TEST_CASE("frames: frame 0 is the initial state, the last the final state, K steps apart") {
  for (const Integrator integ : {Integrator::euler9, Integrator::spectral}) {
    SimSettings st = settings(16, 0.5, 60, kinetics_id<GrayScott>);
    st.integrator = integ;
    st.s = 0.1;
    st.frame_every = 20;
    REQUIRE(st.frames() == 4);
    InitialCondition ic;
    ic.kind = InitialCondition::Kind::rectangles;
    ic.sets = {{{4, 8, 4, 8}}};
    std::vector<double> u(256), v(256);
    ic.fill<double>(1, 0, 1.0, 0.0, 16, u.data(), v.data());
    const std::vector<double> u0 = u;
    std::vector<std::vector<double>> got(4);
    const Params th{0.0623, 0.06258, 0.5};
    SampleResult r;
    auto solver = integ == Integrator::euler9 ? make_euler_solver<double>(st, 1) : fftw_factory<double>()(st);
    solver->run(&th, 1, u.data(), v.data(), &r, {}, [&](std::int64_t i, std::int64_t k, const double* fu, const double*) {
      CHECK(i == 0);
      got[static_cast<std::size_t>(k)].assign(fu, fu + 256);
    });
    CHECK(got[0] == u0);
    CHECK(got[3] == u);
    CHECK(got[1] != got[0]);
    CHECK(got[2] != got[1]);
  }
}

TEST_CASE("rectangles: the configured set of id mod sets; random_rectangles keyed by (seed, id)") {
  InitialCondition ic;
  ic.kind = InitialCondition::Kind::rectangles;
  ic.sets = {{{0, 2, 0, 3}}, {{5, 6, 1, 2}, {7, 8, 7, 8}}};
  std::vector<float> u(64), v(64);
  ic.fill<float>(9, 3, 1.0, 0.0, 8, u.data(), v.data());  // id 3: set 1
  int inside = 0;
  for (int i = 0; i < 64; ++i) inside += u[static_cast<std::size_t>(i)] == 0.0f && v[static_cast<std::size_t>(i)] == 1.0f;
  CHECK(inside == 2);
  CHECK(u[5 * 8 + 1] == 0.0f);
  CHECK(u[7 * 8 + 7] == 0.0f);
  CHECK(u[0] == 1.0f);
  ic.kind = InitialCondition::Kind::random_rectangles;
  const int n = 64;
  std::set<std::vector<int>> distinct;
  for (std::uint64_t id = 0; id < 50; ++id) {
    const auto rs = ic.rectangles(7, id, n);
    CHECK(rs == ic.rectangles(7, id, n));  // keyed, not drawn
    CHECK(rs.size() >= 1);
    CHECK(rs.size() <= 4);
    std::vector<int> flat;
    for (const Rect& r : rs) {
      CHECK(r[1] - r[0] >= n / 16);
      CHECK(r[1] - r[0] <= n / 4);
      CHECK(r[3] - r[2] >= n / 16);
      CHECK(r[3] - r[2] <= n / 4);
      CHECK(r[0] >= 0);
      CHECK(r[1] <= n);
      CHECK(r[2] >= 0);
      CHECK(r[3] <= n);
      flat.insert(flat.end(), r.begin(), r.end());
    }
    distinct.insert(flat);
  }
  CHECK(distinct.size() == 50);
}

TEST_CASE("ShardWriter: frames from threads in any order land in place; unwritten ones are NaN; no finish, no file") {
  const std::string path = "trajectory_test.h5";
  const int n = 4;
  const std::size_t count = 3, frames = 5;
  std::vector<double> times(frames);
  for (std::size_t k = 0; k < frames; ++k) times[k] = 2.0 * static_cast<double>(k);
  auto value = [](std::size_t i, std::size_t k, int c, bool v) { return 1000.0 * i + 10.0 * k + c + (v ? 0.5 : 0); };
  {
    ShardWriter<double> w(path, count, n, times);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < count; ++i)
      threads.emplace_back([&, i] {
        for (std::size_t k = frames; k-- > 0;) {
          if (i == 2 && k == 4) continue;  // sample 2 "blew up" before its last frame
          std::vector<double> u(n * n), v(n * n);
          for (int c = 0; c < n * n; ++c) u[static_cast<std::size_t>(c)] = value(i, k, c, false), v[static_cast<std::size_t>(c)] = value(i, k, c, true);
          w.frame(i, k, u.data(), v.data());
        }
      });
    for (auto& t : threads) t.join();
    Shard<double> s;
    s.n = n;
    for (std::size_t i = 0; i < count; ++i) {
      s.id.push_back(i);
      s.params.push_back(Params{0.06, 0.06, 0.5});
      s.results.push_back(SampleResult{});
    }
    s.u.assign(count * n * n, 0.0);
    s.v = s.u;
    ShardAttrs attrs;
    attrs.strings["kinetics"] = "gray_scott";
    w.finish(s, attrs);
  }
  for (std::size_t i = 0; i < count; ++i) {
    const Trajectory<double> t = read_trajectory<double>(path, i);
    REQUIRE(t.frames() == frames);
    CHECK(t.times == times);
    for (std::size_t k = 0; k < frames; ++k)
      for (int c = 0; c < n * n; ++c) {
        const double u = t.u[k * n * n + static_cast<std::size_t>(c)], v = t.v[k * n * n + static_cast<std::size_t>(c)];
        if (i == 2 && k == 4) {
          CHECK(std::isnan(u));
          CHECK(std::isnan(v));
        } else {
          CHECK(u == value(i, k, c, false));
          CHECK(v == value(i, k, c, true));
        }
      }
  }
  CHECK_THROWS_WITH(read_trajectory<double>(path, 3), Catch::Matchers::Contains("row 3"));
  std::filesystem::remove(path);
  { ShardWriter<float> w(path, 1, n, times); }  // destroyed before finish
  CHECK(!std::filesystem::exists(path));
  for (const auto& e : std::filesystem::directory_iterator("."))
    CHECK(e.path().filename().string().rfind(path + ".tmp", 0) != 0);
}

// Shards: the same sample is bit-identical however the rows are sharded or threaded, and a
// rerun writes a byte-identical file.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "press/core/config.hpp"
#include "press/core/log.hpp"
#include "press/model/lsa.hpp"
#include "press/model/params.hpp"
#include "press/io/shard_io.hpp"
#include "press/sim/simulate.hpp"

using namespace press;

namespace {

struct Fixture {
  Config cfg = Config::load(PRESS_SOURCE_DIR "/config/test.yaml");
  SimSettings st = SimSettings::from_config(cfg);
  ParamTable turing;
  Log log{"test"};
  Fixture() {
    const auto cand = sample_candidates(ParamRanges::from_config(cfg), 1, 400);
    turing = run_turing_filter(cand, lsa_settings(cfg), 1).accepted;
    REQUIRE(turing.rows.size() >= 4);
  }
  Shard<float> run(std::size_t first, std::size_t count, int threads, const std::string& path) {
    SimulateRequest req = SimulateRequest::from_config(cfg, threads);
    req.first = first;
    req.count = count;
    simulate_shard(st, req, turing, path, log);
    return read_shard<float>(path);
  }
};

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

TEST_CASE("rows 0-3 as one shard or as two shards give identical arrays") {
  Fixture fx;
  const Shard<float> all = fx.run(0, 4, 2, "press_test_all.h5");
  const Shard<float> lo = fx.run(0, 2, 1, "press_test_lo.h5");
  const Shard<float> hi = fx.run(2, 2, 2, "press_test_hi.h5");
  REQUIRE(all.count() == 4);
  const std::size_t cells = static_cast<std::size_t>(all.n) * all.n;
  std::vector<float> u2(lo.u), v2(lo.v);
  u2.insert(u2.end(), hi.u.begin(), hi.u.end());
  v2.insert(v2.end(), hi.v.begin(), hi.v.end());
  CHECK(all.u == u2);
  CHECK(all.v == v2);
  CHECK(all.id[2] == hi.id[0]);
  CHECK(all.results[3].steps == hi.results[1].steps);
  CHECK(all.results[3].max_dudt == hi.results[1].max_dudt);
  CHECK(all.u.size() == 4 * cells);
  // The patterns actually developed (not a trivially equal flat field).
  float lo_u = all.u[0], hi_u = all.u[0];
  for (std::size_t i = 0; i < cells; ++i) lo_u = std::min(lo_u, all.u[i]), hi_u = std::max(hi_u, all.u[i]);
  CHECK(hi_u - lo_u > 1e-3f);
  for (const char* p : {"press_test_all.h5", "press_test_lo.h5", "press_test_hi.h5"}) std::remove(p);
}

TEST_CASE("a rerun is byte-identical, and attributes record the settings") {
  Fixture fx;
  fx.run(0, 3, 2, "press_test_r1.h5");
  fx.run(0, 3, 1, "press_test_r2.h5");
  const std::string a = slurp("press_test_r1.h5"), b = slurp("press_test_r2.h5");
  REQUIRE(!a.empty());
  CHECK(a == b);
  ShardAttrs attrs;
  read_shard<double>("press_test_r1.h5", &attrs);
  CHECK(attrs.numbers.at("dt") == 0.2);
  CHECK(attrs.numbers.at("grid") == 32);
  CHECK(attrs.numbers.at("noise_sigma") == 1e-3);
  CHECK(attrs.strings.at("precision") == "float32");
  CHECK(attrs.strings.at("solver") == "cpu");
  for (const char* p : {"press_test_r1.h5", "press_test_r2.h5"}) std::remove(p);
}

// Config validation against the embedded schema and the rules between keys, and the CSV contract.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "press/app/config_rules.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/io/param_csv.hpp"

using namespace press;
using Catch::Matchers::Contains;

namespace {
const char* kMinimal = R"(
name: t
seed: 1
params: {a: [0.01, 0.7], b: [0.4, 2.0], c: [0.02, 7.0], delta: [20, 200]}
model: {}
grid: {}
sample_params: {n_candidates: 10}
lsa_filter: {}
simulate: {}
)";

// Test files go to a directory of this process under the system's temp directory, removed at exit
// (never into the working directory, where a run by hand from the repository would leave them).
struct TmpDir {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("press_test_" + std::to_string(::getpid()));
  TmpDir() { std::filesystem::create_directories(dir); }
  ~TmpDir() { std::filesystem::remove_all(dir); }
};

std::string write_tmp(const std::string& name, const std::string& text) {
  static TmpDir tmp;
  const std::string path = (tmp.dir / name).string();
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("schema defaults are filled in (the paper's settings)") {
  const Config c = Config::parse(kMinimal, "mem.yaml");
  CHECK(c.get<double>("simulate.dt") == 0.2);
  CHECK(c.get<double>("simulate.t_max") == 5000);
  CHECK(c.get<double>("model.s") == 0.4);
  CHECK(c.get<int>("grid.n") == 128);
  CHECK(c.get<double>("simulate.noise_sigma") == 1e-3);
  CHECK(c.get<bool>("simulate.early_stop"));
  CHECK(c.get<int>("simulate.check_every") == 200);
  CHECK(c.get<std::string>("simulate.precision") == "float32");
  CHECK(c.get<std::string>("model.kinetics") == "murray");
}

TEST_CASE("bad configs fail with one line naming file, key, value and expectation") {
  std::string text = kMinimal;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  CHECK_THROWS_WITH(Config::parse(with("simulate: {}", "simulate: {dtt: 1}"), "x.yaml"),
                    Contains("x.yaml") && Contains("unknown key 'simulate.dtt'"));
  CHECK_THROWS_WITH(Config::parse(with("simulate: {}", "simulate: {dt: -0.2}"), "x.yaml"),
                    Contains("key 'simulate.dt': value -0.2: expected a number > 0"));
  CHECK_THROWS_WITH(Config::parse(with("grid: {}", "grid: {n: 12.5}"), "x.yaml"),
                    Contains("key 'grid.n'") && Contains("expected an integer"));
  CHECK_THROWS_WITH(Config::parse(with("simulate: {}", "simulate: {solver: tpu}"), "x.yaml"),
                    Contains("expected one of [cpu, gpu]"));
  CHECK_THROWS_WITH(check_config_rules(Config::parse(with("a: [0.01, 0.7]", "a: [0.7, 0.01]"), "x.yaml")),
                    Contains("key 'params.a': value [0.7, 0.01]: expected [lo, hi] with lo < hi"));
  CHECK_THROWS_WITH(Config::parse(with("seed: 1\n", ""), "x.yaml"), Contains("missing key 'seed'"));
  CHECK_THROWS_WITH(Config::load("does/not/exist.yaml"), Contains("does/not/exist.yaml: cannot read"));
  for (const char* bad : {"simulate: {dt: -0.2}", "simulate: {dtt: 1}"}) {
    std::string what;  // stays empty, and the test fails, if nothing throws
    try {
      Config::parse(with("simulate: {}", bad), "x.yaml");
    } catch (const Error& e) {
      what = e.what();
    }
    CHECK(what.rfind("x.yaml: ", 0) == 0);
    CHECK(what.find("'simulate.dt") != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
}

TEST_CASE("the rules between keys name file, key, value and expectation, and leave keys_read alone") {
  auto with = [](const std::string& add) { return Config::parse(std::string(kMinimal) + add, "r.yaml"); };
  const Config ok = with("");
  check_config_rules(ok);
  CHECK(ok.keys_read().empty());  // validation reads are not what a stage depends on
  CHECK_THROWS_WITH(check_config_rules(with("split: {pools: [256, 510]}\n")),
                    Contains("r.yaml: key 'split.pools[1]': value 510: expected a multiple of 4"));
  CHECK_THROWS_WITH(check_config_rules(with("tabulate: {focus_n: 300}\n")),
                    Contains("key 'tabulate.focus_n': value 300: expected one of split.pools"));
  CHECK_THROWS_WITH(check_config_rules(with("train: {cnn_kernel: 4}\n")),
                    Contains("key 'train.cnn_kernel': value 4: expected an odd size"));
  // A lambda names a model directory (lam<%g>): more digits than %g keeps would collide.
  CHECK_THROWS_WITH(check_config_rules(with("train: {lambdas: [0, 0.1234567]}\n")),
                    Contains("key 'train.lambdas[1]': value 0.1234567: expected at most 6 significant digits (lambda names a model directory, lam0.123457)"));
  check_config_rules(with("train: {lambdas: [0, 0.123456, 1e-05]}\n"));
  CHECK_THROWS_WITH(check_config_rules(with("tabulate: {figure2_params: [1, 2]}\n")),
                    Contains("key 'tabulate.figure2_params': 2 values: expected 4"));
  // Only while the fit runs: the fit searches log delta, so its box needs lo > 0.
  Config zero = Config::parse(std::string(kMinimal), "r.yaml");
  zero.set("params.delta", "[0, 200]");
  zero.set("fit.variants", "[]");
  CHECK_THROWS_WITH(check_config_rules(zero), Contains("key 'params.delta': value [0, 200]: expected positive bounds"));
  Config c0 = Config::parse(std::string(kMinimal), "r.yaml");
  c0.set("params.c", "[0, 7]");
  c0.set("fit.variants", "[]");
  check_config_rules(c0);  // c = 0 is a valid Gierer-Meinhardt system
  c0.set("fit.variants", "[u]");
  CHECK_THROWS_WITH(check_config_rules(c0), Contains("key 'params.c': value [0, 7]: expected a lower bound > 0"));
}

TEST_CASE("command-line overrides are validated like the file") {
  Config c = Config::parse(kMinimal, "mem.yaml");
  c.set("simulate.solver", "gpu");
  CHECK(c.get<std::string>("simulate.solver") == "gpu");
  CHECK_THROWS_WITH(c.set("simulate.t_max", "-5"), Contains("simulate.t_max"));
}

TEST_CASE("param tables round-trip bit-exactly") {
  ParamTable t;
  t.names = {"a", "b", "c", "delta"};
  t.extra_columns = {"u_star"};
  t.rows.push_back(ParamRow{3, Params{0.1 / 3, 1.0 / 7, M_PI, 200.0 / 3}, {std::sqrt(2.0)}});
  t.rows.push_back(ParamRow{8, Params{1e-300, 2.5, 3.5, 4.5}, {1e300}});
  const std::string path = write_tmp("roundtrip.csv", format_param_table(t));
  const ParamTable back = read_param_table(path, {"a", "b", "c", "delta"}, {"u_star"});
  REQUIRE(back.rows.size() == 2);
  CHECK(back.rows[0].p[0] == t.rows[0].p[0]);
  CHECK(back.rows[0].p[3] == t.rows[0].p[3]);
  CHECK(back.rows[0].extra[0] == t.rows[0].extra[0]);
  CHECK(back.rows[1].id == 8);
}

TEST_CASE("malformed tables fail naming file, line, column and value") {
  const std::string hdr = "id,a,b,c,delta\n";
  CHECK_THROWS_WITH(read_param_table(write_tmp("b1.csv", hdr + "0,0.1,0.5,1,30\n1,0.1,abc,1,30\n"), {"a", "b", "c", "delta"}),
                    Contains("/b1.csv: line 3: column 'b' value 'abc': expected a finite number"));
  CHECK_THROWS_WITH(read_param_table(write_tmp("b2.csv", hdr + "0,0.1,0.5,1\n"), {"a", "b", "c", "delta"}), Contains("line 2: 4 fields: expected 5"));
  CHECK_THROWS_WITH(read_param_table(write_tmp("b3.csv", hdr + "0,0.1,-0.5,1,30\n"), {"a", "b", "c", "delta"}),
                    Contains("column 'b' value '-0.5': expected a number in (0, 1e+06]"));
  CHECK_THROWS_WITH(read_param_table(write_tmp("b4.csv", hdr + "1,0.1,0.5,1,30\n1,0.1,0.5,1,30\n"), {"a", "b", "c", "delta"}),
                    Contains("expected ids in increasing order"));
  CHECK_THROWS_WITH(read_param_table(write_tmp("b5.csv", "x,a,b,c,delta\n"), {"a", "b", "c", "delta"}), Contains("expected it to start with id,a,b,c,delta"));
  CHECK_THROWS_WITH(read_param_table(write_tmp("b6.csv", hdr + "0,0.1,0.5,nan,30\n"), {"a", "b", "c", "delta"}), Contains("expected a finite number"));
  CHECK_THROWS_WITH(read_param_table(write_tmp("b7.csv", hdr), {"a", "b", "c", "delta"}, {"u_star"}), Contains("missing column 'u_star'"));
}

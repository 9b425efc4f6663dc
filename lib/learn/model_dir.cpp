#include "press/learn/model_dir.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include <yaml-cpp/yaml.h>

#include "press/core/config.hpp"
#include "press/learn/arch.hpp"
#include "press/core/error.hpp"

namespace press {

std::string settings_file(const std::string& dir) { return dir + "/settings.yaml"; }
std::string log_file(const std::string& dir) { return dir + "/log.csv"; }
std::string model_file(const std::string& dir) { return dir + "/model.pt"; }
std::string state_file(const std::string& dir) { return dir + "/state.pt"; }

namespace {

// The settings taken from the config's `train.` section and stored under the same names in
// settings.yaml: one list for reading the config, writing the file and reading it back.
template <typename S, typename F>
void each_train_key(S& s, F&& f) {
  f("inputs", s.inputs);
  f("cnn_filters", s.cnn_filters);
  f("cnn_kernel", s.cnn_kernel);
  f("cnn_hidden", s.cnn_hidden);
  f("mlp_hidden", s.mlp_hidden);
  f("mlp_dropout", s.mlp_dropout);
  f("target_scaling", s.target_scaling);
  f("input_scaling", s.input_scaling);
  f("keep", s.keep);
  f("epochs", s.epochs);
  f("batch_size", s.batch_size);
  f("lr", s.lr);
  f("lr_start", s.lr_start);
  f("lr_end", s.lr_end);
  f("lr_schedule", s.lr_schedule);
  f("warmup_fraction", s.warmup_fraction);
  f("laplacian", s.laplacian);
  f("residual_mask", s.residual_mask);
  f("device", s.device);
}

template <typename T> constexpr bool kIsVector = false;
template <typename T> constexpr bool kIsVector<std::vector<T>> = true;

}  // namespace

ModelSettings ModelSettings::from_config(const Config& cfg) {
  ModelSettings s;
  s.ranges = ParamRanges::from_config(cfg);
  each_train_key(s, [&](const char* k, auto& m) { m = cfg.get<std::decay_t<decltype(m)>>(std::string("train.") + k); });
  s.metrics_scaling = cfg.get<std::string>("metrics.scaling");  // cnn_kernel odd: check_config_rules
  return s;
}

std::string ModelSettings::to_yaml() const {
  YAML::Emitter e;
  e.SetDoublePrecision(17);
  auto put = [&](const char* k, const auto& m) {
    e << YAML::Key << k << YAML::Value;
    if constexpr (kIsVector<std::decay_t<decltype(m)>>) e << YAML::Flow;
    e << m;
  };
  e << YAML::BeginMap;
  put("arch", arch);
  put("n", n);
  put("lambda", lambda);
  put("seed", seed);
  put("data", data);
  put("splits", splits);
  put("grid", grid);
  each_train_key(*this, put);
  put("metrics_scaling", metrics_scaling);
  e << YAML::Key << "param_bounds" << YAML::Value << YAML::BeginMap;
  for (int j = 0; j < ranges.size(); ++j)
    put(ranges.names[static_cast<std::size_t>(j)].c_str(), std::vector<double>{ranges.lo[j], ranges.hi[j]});
  e << YAML::EndMap;
  put("threads", threads);
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

ModelSettings ModelSettings::load(const std::string& dir) {
  const std::string path = settings_file(dir);
  if (!std::filesystem::exists(path)) fail("{}: no such file: expected a model directory written by train", path);
  ModelSettings s;
  std::string key;
  try {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const YAML::Node y = load_yaml_document(text.str(), path);
    auto node = [&](const char* k) {
      key = k;
      if (!y[k]) fail("{}: missing key '{}': expected a settings file written by train", path, k);
      return y[k];
    };
    auto read = [&](const char* k, auto& m) { m = node(k).template as<std::decay_t<decltype(m)>>(); };
    read("arch", s.arch);
    try {
      s.arch = ArchSpec::parse(s.arch).name();
    } catch (const Error& e) {
      fail("{}: key 'arch': {}", path, e.what());
    }
    read("n", s.n);
    read("lambda", s.lambda);
    read("seed", s.seed);
    read("data", s.data);
    read("splits", s.splits);
    read("grid", s.grid);
    each_train_key(s, read);
    read("metrics_scaling", s.metrics_scaling);
    const YAML::Node b = node("param_bounds");
    if (!b.IsMap() || b.size() < 1 || b.size() > static_cast<std::size_t>(kMaxParams))
      fail("{}: key 'param_bounds': expected a map of 1 to {} parameters", path, kMaxParams);
    for (const auto& kv : b) {  // in the file's order: the order of the net's outputs
      key = std::string("param_bounds.") + kv.first.as<std::string>();
      const auto lh = kv.second.as<std::vector<double>>();
      if (lh.size() != 2) fail("{}: key '{}': expected [lo, hi]", path, key);
      s.ranges.names.push_back(kv.first.as<std::string>());
      s.ranges.lo.push_back(lh[0]);
      s.ranges.hi.push_back(lh[1]);
    }
    read("threads", s.threads);
  } catch (const YAML::Exception& ex) {
    fail("{}: key '{}': {}: expected a settings file written by train", path, key, ex.msg);
  }
  return s;
}

}  // namespace press

#include "press/model_dir.hpp"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "press/config.hpp"
#include "press/error.hpp"

namespace press {

std::string settings_file(const std::string& dir) { return dir + "/settings.yaml"; }
std::string log_file(const std::string& dir) { return dir + "/log.csv"; }
std::string model_file(const std::string& dir) { return dir + "/model.pt"; }
std::string state_file(const std::string& dir) { return dir + "/state.pt"; }

ModelSettings ModelSettings::from_config(const Config& cfg) {
  ModelSettings s;
  s.inputs = cfg.get<std::vector<std::string>>("train.inputs");
  s.ranges = ParamRanges::from_config(cfg);
  s.cnn_filters = cfg.get<int>("train.cnn_filters");
  s.cnn_kernel = cfg.get<int>("train.cnn_kernel");
  if (s.cnn_kernel % 2 == 0)
    fail("{}: key 'train.cnn_kernel': value {}: expected an odd size (same-size circular convolution)", cfg.origin(),
         s.cnn_kernel);
  s.cnn_hidden = cfg.get<int>("train.cnn_hidden");
  s.mlp_hidden = cfg.get<std::vector<long>>("train.mlp_hidden");
  s.mlp_dropout = cfg.get<double>("train.mlp_dropout");
  s.epochs = cfg.get<int>("train.epochs");
  s.batch_size = cfg.get<int>("train.batch_size");
  s.lr = cfg.get<double>("train.lr");
  s.lr_start = cfg.get<double>("train.lr_start");
  s.warmup_fraction = cfg.get<double>("train.warmup_fraction");
  s.laplacian = cfg.get<std::string>("train.laplacian");
  s.residual_mask = cfg.get<std::string>("train.residual_mask");
  s.device = cfg.get<std::string>("train.device");
  return s;
}

std::string ModelSettings::to_yaml() const {
  YAML::Emitter e;
  e.SetDoublePrecision(17);
  e << YAML::BeginMap;
  e << YAML::Key << "arch" << YAML::Value << arch;
  e << YAML::Key << "n" << YAML::Value << n;
  e << YAML::Key << "lambda" << YAML::Value << lambda;
  e << YAML::Key << "seed" << YAML::Value << seed;
  e << YAML::Key << "data" << YAML::Value << data;
  e << YAML::Key << "splits" << YAML::Value << splits;
  e << YAML::Key << "grid" << YAML::Value << grid;
  e << YAML::Key << "inputs" << YAML::Value << YAML::Flow << inputs;
  e << YAML::Key << "param_bounds" << YAML::Value << YAML::BeginMap;
  for (int j = 0; j < 4; ++j)
    e << YAML::Key << kParamNames[j] << YAML::Value << YAML::Flow << std::vector<double>{ranges.lo[j], ranges.hi[j]};
  e << YAML::EndMap;
  e << YAML::Key << "cnn_filters" << YAML::Value << cnn_filters;
  e << YAML::Key << "cnn_kernel" << YAML::Value << cnn_kernel;
  e << YAML::Key << "cnn_hidden" << YAML::Value << cnn_hidden;
  e << YAML::Key << "mlp_hidden" << YAML::Value << YAML::Flow << mlp_hidden;
  e << YAML::Key << "mlp_dropout" << YAML::Value << mlp_dropout;
  e << YAML::Key << "epochs" << YAML::Value << epochs;
  e << YAML::Key << "batch_size" << YAML::Value << batch_size;
  e << YAML::Key << "lr" << YAML::Value << lr;
  e << YAML::Key << "lr_start" << YAML::Value << lr_start;
  e << YAML::Key << "warmup_fraction" << YAML::Value << warmup_fraction;
  e << YAML::Key << "laplacian" << YAML::Value << laplacian;
  e << YAML::Key << "residual_mask" << YAML::Value << residual_mask;
  e << YAML::Key << "device" << YAML::Value << device;
  e << YAML::Key << "threads" << YAML::Value << threads;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

ModelSettings ModelSettings::load(const std::string& dir) {
  const std::string path = settings_file(dir);
  if (!std::filesystem::exists(path)) fail("{}: no such file: expected a model directory written by train", path);
  ModelSettings s;
  std::string key;
  try {
    const YAML::Node y = YAML::LoadFile(path);
    auto get = [&](const char* k) {
      key = k;
      if (!y[k]) fail("{}: missing key '{}': expected a settings file written by train", path, k);
      return y[k];
    };
    s.arch = get("arch").as<std::string>();
    s.n = get("n").as<std::size_t>();
    s.lambda = get("lambda").as<double>();
    s.seed = get("seed").as<std::uint32_t>();
    s.data = get("data").as<std::string>();
    s.splits = get("splits").as<std::string>();
    s.grid = get("grid").as<int>();
    s.inputs = get("inputs").as<std::vector<std::string>>();
    const YAML::Node b = get("param_bounds");
    for (int j = 0; j < 4; ++j) {
      key = std::string("param_bounds.") + kParamNames[j];
      const auto lh = b[kParamNames[j]].as<std::vector<double>>();
      if (lh.size() != 2) fail("{}: key '{}': expected [lo, hi]", path, key);
      s.ranges.lo[j] = lh[0];
      s.ranges.hi[j] = lh[1];
    }
    s.cnn_filters = get("cnn_filters").as<int>();
    s.cnn_kernel = get("cnn_kernel").as<int>();
    s.cnn_hidden = get("cnn_hidden").as<int>();
    s.mlp_hidden = get("mlp_hidden").as<std::vector<long>>();
    s.mlp_dropout = get("mlp_dropout").as<double>();
    s.epochs = get("epochs").as<int>();
    s.batch_size = get("batch_size").as<int>();
    s.lr = get("lr").as<double>();
    s.lr_start = get("lr_start").as<double>();
    s.warmup_fraction = get("warmup_fraction").as<double>();
    s.laplacian = get("laplacian").as<std::string>();
    s.residual_mask = get("residual_mask").as<std::string>();
    s.device = get("device").as<std::string>();
    s.threads = get("threads").as<int>();
  } catch (const YAML::Exception& ex) {
    fail("{}: key '{}': {}: expected a settings file written by train", path, key, ex.msg);
  }
  return s;
}

}  // namespace press

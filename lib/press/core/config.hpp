#pragma once
// A press config: YAML validated against config/schema.yaml (embedded at build time), with the
// schema's defaults filled in. Every failure is a press::Error naming file, key, value and what
// was expected.
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace press {

class Config {
 public:
  static Config load(const std::string& path);
  static Config parse(const std::string& yaml_text, const std::string& origin);

  // Dotted-key access, e.g. get<double>("simulate.dt"). The key must exist in the schema.
  template <typename T>
  T get(const std::string& key) const;
  std::vector<double> get_range(const std::string& key) const;  // [lo, hi] with lo < hi
  // Whether the config (after defaults) gives `key` a value: false for the optional keys
  // without a schema default (params.<name>, which default to the kinetics' box).
  bool has(const std::string& key) const;

  // Command-line overrides (DESIGN: a CLI value beats the config's value for the same setting);
  // the new value is validated against the schema like the file's.
  void set(const std::string& key, const std::string& value);

  const std::string& origin() const { return origin_; }
  // The rules that tie keys together, checked when a config loads and again after command-line
  // overrides (Tool::run), so every tool rejects a config any stage would reject: params lo <
  // hi, grid.n even, simulate.t_max a multiple of simulate.dt, split.pools ascending multiples of
  // 4 within split.n_samples - n_test, an odd train.cnn_kernel, known train.archs, and the
  // tabulate focus cell among the archs and pools.
  void check_cross_keys() const;
  // The physics fit's rule: the box of each parameter it searches on a log scale has lo > 0.
  // Part of check_cross_keys when fit.variants is not empty; the fit's stages run it too.
  void check_fit_box() const;

  // The keys read through get() so far, leaving out those check_cross_keys reads to validate:
  // what this run's results may depend on (PRESS_TRACE_CONFIG; the workflow test checks them
  // against the stage stamps of rules/common.smk).
  const std::set<std::string>& keys_read() const { return read_; }

 private:
  Config(YAML::Node root, std::string origin) : root_(std::move(root)), origin_(std::move(origin)) {}
  YAML::Node node(const std::string& key) const;
  YAML::Node root_;
  std::string origin_;
  mutable std::set<std::string> read_;
  mutable bool tracing_ = true;
};


// One YAML document from text, or press::Error naming origin: refuses a NUL byte, a second
// document, anchors and aliases, and the inputs on which yaml-cpp 0.7 hangs.
YAML::Node load_yaml_document(const std::string& yaml_text, const std::string& origin);

}  // namespace press

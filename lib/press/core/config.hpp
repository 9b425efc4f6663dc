#pragma once
// A press config: YAML validated against config/schema.yaml (embedded at build time), with the
// schema's defaults filled in. The rules between keys, which need the layers above (kinetics,
// architectures), are app/config_rules.hpp's; every tool runs both. Every failure is a press::Error naming file, key, value and what
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
  // The keys the config gives the mapping `key` (e.g. params: the parameters it names).
  std::vector<std::string> keys_of(const std::string& key) const;

  // Command-line overrides (DESIGN: a CLI value beats the config's value for the same setting);
  // the new value is validated against the schema like the file's.
  void set(const std::string& key, const std::string& value);

  const std::string& origin() const { return origin_; }
  // Reads made while one lives are left out of keys_read(): a check's reads are not what a
  // stage's results depend on (app/config_rules.hpp validates under one).
  class Untraced {
   public:
    explicit Untraced(const Config& c) : on_(c.tracing_), was_(c.tracing_) { on_ = false; }
    ~Untraced() { on_ = was_; }
    Untraced(const Untraced&) = delete;
    Untraced& operator=(const Untraced&) = delete;

   private:
    bool& on_;
    bool was_;
  };

  // The keys read through get() so far, leaving out those read under an Untraced:
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

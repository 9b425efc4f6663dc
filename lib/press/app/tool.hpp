#pragma once
// The shared shape of every press binary (OpenEXR/minimap2 style): CLI11 parsing with
// --config/--help/--version and, where they apply, --threads/--seed; the config loaded and
// validated before any work; command-line overrides applied; every failure turned into one
// line "<tool>: error: <file/key/row>: <value>: expected ..." and exit code 1 (2 for usage).
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "press/core/config.hpp"
#include "press/core/log.hpp"

namespace press {

struct ToolContext {
  const Config& cfg;
  const Log& log;
  int threads;  // resolved (>= 1)
};

class Tool {
 public:
  struct Flags {
    bool threads = false;
    bool seed = false;
  };
  Tool(std::string name, std::string description, Flags flags);
  CLI::App& app() { return app_; }
  // Parse, load the config, then run `body`. Returns the process exit code.
  int run(int argc, char** argv, const std::function<void(ToolContext&)>& body);
  // Record "--flag value" as an override of config key `key` if the option was given.
  void override_key(CLI::Option* opt, std::string key);

 private:
  std::string name_;
  CLI::App app_;
  std::string config_path_;
  std::optional<int> threads_;
  std::optional<long> seed_;
  std::vector<std::pair<CLI::Option*, std::string>> overrides_;
};

// A CLI11 check for a finite number >= 0 (CLI::NonNegativeNumber lets inf through).
extern const CLI::Validator kFiniteNonNegative;

}  // namespace press

// libFuzzer target: the config loader and the rules between keys. Any input must either load or fail with press::Error
// (the one-line diagnostic); any other exception, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "press/app/config_rules.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const press::Config cfg = press::Config::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
    press::check_config_rules(cfg);
  } catch (const press::Error&) {
  }
  return 0;
}

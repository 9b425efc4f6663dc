// libFuzzer target: one of the user-file readers of pattern_io (predict, fit), chosen at compile
// time by PRESS_FUZZ_EXT (npy, png, tif, csv: the extension without its dot). The input is written to a file of that
// extension and read; it must give patterns or fail with press::Error. Any other exception, a
// crash, a sanitizer report or an allocation past -rss_limit_mb (a declared size trusted) is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "press/core/error.hpp"
#include "press/io/pattern_io.hpp"

#define PRESS_STR2(x) #x
#define PRESS_STR(x) PRESS_STR2(x)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/press_fuzz_" + std::to_string(::getpid()) + "." + PRESS_STR(PRESS_FUZZ_EXT);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  press::PatternReadOptions opt;
  for (int ranged = 0; ranged < 2; ++ranged) {  // integer images need a range; floating-point data refuse one
    if (ranged) opt.value_range = std::pair{0.0, 1.0};
    try {
      press::read_patterns(path, opt);
    } catch (const press::Error&) {
    }
  }
  std::remove(path.c_str());
  return 0;
}

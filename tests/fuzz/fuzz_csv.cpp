// libFuzzer target: the CSV reader and its typed accessors. Any input must parse or fail with
// press::Error; any other exception, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const press::CsvTable t = press::parse_csv(in, "fuzz.csv");
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      for (std::size_t c = 0; c < t.header.size(); ++c) {
        try {
          t.number(r, c);
        } catch (const press::Error&) {
        }
        try {
          t.id(r, c);
        } catch (const press::Error&) {
        }
        try {
          t.integer(r, c, -5, 2147483647);
        } catch (const press::Error&) {
        }
      }
    if (!t.header.empty()) t.column(t.header.front());
  } catch (const press::Error&) {
  }
  return 0;
}

#pragma once
// One exception type for every user-facing failure. Its message is the whole one-line
// diagnostic: file, key or row, value, and what was expected.
#include <fmt/format.h>
#include <stdexcept>
#include <string>

namespace press {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace press

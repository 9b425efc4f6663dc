#pragma once
// Progress and summary lines on stderr, minimap2 style: "[tool] elapsed-s message".
// Data never goes to stderr; messages never go to stdout.
#include <chrono>
#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace press {

class Log {
 public:
  explicit Log(std::string tool);
  template <typename... Args>
  void info(fmt::format_string<Args...> f, Args&&... args) const {
    line(fmt::format(f, std::forward<Args>(args)...));
  }
  void line(const std::string& msg) const;
  // Final line: real time, CPU time, peak RSS, and the caller's throughput figure.
  void summary(const std::string& throughput) const;
  double elapsed() const;

 private:
  std::string tool_;
  std::chrono::steady_clock::time_point start_;
};

// Rate-limited progress: one line per `every_seconds` or per 10% of the work, whichever comes
// first, plus always the last item. Thread-safe to call from the thread that owns it only.
class Progress {
 public:
  Progress(const Log& log, std::string what, std::int64_t total, double every_seconds);
  void update(std::int64_t done);

 private:
  const Log& log_;
  std::string what_;
  std::int64_t total_;
  double every_;
  double last_time_ = 0;
  std::int64_t last_done_ = 0;
};

}  // namespace press

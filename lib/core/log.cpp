#include "press/core/log.hpp"

#include <sys/resource.h>

#include <cstdio>

namespace press {

Log::Log(std::string tool) : tool_(std::move(tool)), start_(std::chrono::steady_clock::now()) {}

double Log::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Log::line(const std::string& msg) const {
  fmt::print(stderr, "[{}] {:.1f}s {}\n", tool_, elapsed(), msg);
  std::fflush(stderr);
}

namespace {

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  return sec(ru.ru_utime) + sec(ru.ru_stime);
}

}  // namespace

void Log::summary(const std::string& throughput) const {
  info("done: real {:.2f} s, cpu {:.2f} s, peak RSS {:.1f} MiB; {}", elapsed(), cpu_seconds(),
       peak_rss_mib(), throughput);
}



Progress::Progress(const Log& log, std::string what, std::int64_t total, double every_seconds)
    : log_(log), what_(std::move(what)), total_(total), every_(every_seconds) {}

void Progress::update(std::int64_t done) {
  const double now = log_.elapsed();
  const std::int64_t step = total_ / 10 > 0 ? total_ / 10 : 1;
  if (done < total_ && now - last_time_ < every_ && done - last_done_ < step) return;
  const double rate = now > 0 ? static_cast<double>(done) / now : 0.0;
  log_.info("{} {}/{} ({:.0f}%), {:.2f}/s", what_, done, total_,
            total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate);
  last_time_ = now;
  last_done_ = done;
}

}  // namespace press

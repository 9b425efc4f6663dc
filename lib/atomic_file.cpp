#include "press/atomic_file.hpp"

#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "press/error.hpp"

namespace press {

AtomicOutput::AtomicOutput(std::string final_path)
    : final_(std::move(final_path)), tmp_(fmt::format("{}.tmp.{}", final_, ::getpid())) {
  // Like Snakemake, create the output's directory; a failure shows when the file is opened.
  const auto dir = std::filesystem::path(final_).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) std::remove(tmp_.c_str());
}

void AtomicOutput::commit() {
  const int fd = ::open(tmp_.c_str(), O_RDONLY);
  if (fd < 0) fail("{}: cannot reopen temporary output: {}", tmp_, std::strerror(errno));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail("{}: fsync failed: {}", tmp_, std::strerror(errno));
  if (std::rename(tmp_.c_str(), final_.c_str()) != 0)
    fail("{}: cannot rename into place: {}", final_, std::strerror(errno));
  committed_ = true;
}

void write_text_atomic(const std::string& path, const std::string& text) {
  AtomicOutput out(path);
  std::FILE* f = std::fopen(out.tmp_path().c_str(), "wb");
  if (!f) fail("{}: cannot open for writing: {}", path, std::strerror(errno));
  const bool wrote = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  // A failed final flush is a failed write (minimap2 checks its close too).
  if (std::fclose(f) != 0 || !wrote) fail("{}: write failed: {}", path, std::strerror(errno));
  out.commit();
}

}  // namespace press

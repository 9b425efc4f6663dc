#include "press/core/atomic_file.hpp"

#include <filesystem>
#include <memory>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "press/core/error.hpp"

namespace press {

namespace {

// "<path>.tmp.<pid>" of runs that were killed (the pid is gone): a rerun removes them.
void remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = p.filename().string() + ".tmp.";
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) fs::remove(it->path(), ec);
  }
}

}  // namespace

namespace {

void check_output_target(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::symlink_status(path, ec);
  if (ec || !fs::exists(st)) return;
  if (fs::is_symlink(st))
    fail("{}: a symbolic link: expected a regular file or a new path (press replaces outputs by renaming, so it "
         "does not write through links)",
         path);
  if (!fs::is_regular_file(st))
    fail("{}: exists and is not a regular file (a directory, device or pipe): expected a regular file or a new path",
         path);
}

}  // namespace

CreatedDirs::CreatedDirs(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> missing;
  for (fs::path p = dir; !p.empty() && !fs::exists(fs::symlink_status(p, ec)); p = p.parent_path())
    missing.push_back(p.string());
  if (missing.empty()) return;
  fs::create_directories(dir, ec);
  for (const auto& m : missing)
    if (fs::is_directory(fs::symlink_status(m, ec))) created_.push_back(m);
}

CreatedDirs::~CreatedDirs() {
  std::error_code ec;
  for (const auto& d : created_) std::filesystem::remove(d, ec);  // only an empty folder goes
}

AtomicOutput::AtomicOutput(std::string final_path)
    : final_(std::move(final_path)),
      tmp_(fmt::format("{}.tmp.{}", final_, ::getpid())),
      dirs_(std::filesystem::path(final_).parent_path().string()) {
  check_output_target(final_);
  remove_stale_temporaries(final_);
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
  dirs_.keep();
}

void AtomicOutput::write_text(const std::string& text) const {
  std::FILE* f = std::fopen(tmp_.c_str(), "wb");
  if (!f) fail("{}: cannot open for writing: {}", final_, std::strerror(errno));
  const bool wrote = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  // A failed final flush is a failed write (minimap2 checks its close too).
  if (std::fclose(f) != 0 || !wrote) fail("{}: write failed: {}", final_, std::strerror(errno));
}

void write_text_atomic(const std::string& path, const std::string& text) {
  AtomicOutput out(path);
  out.write_text(text);
  out.commit();
}

void AtomicOutputs::add(const std::string& path) { outs_.push_back(std::make_unique<AtomicOutput>(path)); }

void AtomicOutputs::commit() {
  for (auto& o : outs_) o->commit();
}

AtomicOutputs::~AtomicOutputs() {
  while (!outs_.empty()) outs_.pop_back();  // the last made first: a folder's creator goes last
}

void write_texts_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  AtomicOutputs outs;
  for (const auto& [path, text] : files) {
    outs.add(path);
    outs.back().write_text(text);
  }
  outs.commit();
}

namespace {

bool same_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

void refuse_outputs_on_inputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [oname, out] = outputs[i];
    if (out.empty()) continue;
    check_output_target(out);
    for (const auto& [iname, in] : inputs)
      if (!in.empty() && same_file(out, in))
        fail("{} {}: the same file as the input {} {}: expected a different output path", oname, out, iname, in);
    for (std::size_t j = i + 1; j < outputs.size(); ++j)
      if (!outputs[j].second.empty() && same_file(out, outputs[j].second))
        fail("{} {}: the same file as the output {} {}: expected two different paths", oname, out, outputs[j].first,
             outputs[j].second);
  }
}

}  // namespace press

#include "press/dynamics/checkpoint.hpp"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"

namespace press {

namespace {
torch::Tensor text_tensor(const std::string& t) {
  return torch::from_blob(const_cast<char*>(t.data()), {static_cast<long>(t.size())}, torch::kUInt8).clone();
}
std::string tensor_text(const torch::Tensor& t) {
  const auto c = t.contiguous();
  return std::string(reinterpret_cast<const char*>(c.data_ptr<std::uint8_t>()), static_cast<std::size_t>(c.numel()));
}
}  // namespace

CheckpointOut::CheckpointOut(const std::string& fingerprint) { text("fingerprint", fingerprint); }

void CheckpointOut::text(const std::string& key, const std::string& value) { a_.write(key, text_tensor(value)); }

void CheckpointOut::tensor(const std::string& key, const torch::Tensor& t) { a_.write(key, t); }

void CheckpointOut::tensors(const std::string& key, const std::vector<torch::Tensor>& v) {
  for (std::size_t i = 0; i < v.size(); ++i) a_.write(fmt::format("{}{}", key, i), v[i]);
  a_.write(key + "_count", torch::tensor(static_cast<long>(v.size())));
}

void CheckpointOut::optimizer(const std::string& key, const torch::optim::Optimizer& o) {
  torch::serialize::OutputArchive sub;
  o.save(sub);
  a_.write(key, sub);
}

void CheckpointOut::save(const std::string& path) {
  std::ostringstream bytes;
  a_.save_to(bytes);
  write_text_atomic(path, bytes.str());
}

bool CheckpointIn::open(const std::string& path, const std::string& fingerprint, const Log& log) {
  path_ = path;
  if (!std::filesystem::exists(path)) return false;
  try {
    a_.load_from(path);
  } catch (const c10::Error& e) {
    fail("{}: unreadable checkpoint ({}): delete it to start over", path, std::string(e.what_without_backtrace()).substr(0, 120));
  }
  if (text("fingerprint") != fingerprint) {
    log.info("{}: a checkpoint of other settings or data: starting over", path);
    return false;
  }
  return true;
}

torch::Tensor CheckpointIn::tensor(const std::string& key) {
  // A fresh tensor each time: reading into a defined one re-points it (set_) without converting.
  torch::Tensor t;
  try {
    a_.read(key, t);
  } catch (const c10::Error& e) {
    fail("{}: unreadable checkpoint (key '{}': {}): delete it to start over", path_, key,
         std::string(e.what_without_backtrace()).substr(0, 120));
  }
  return t;
}

std::string CheckpointIn::text(const std::string& key) { return tensor_text(tensor(key)); }

std::vector<torch::Tensor> CheckpointIn::tensors(const std::string& key) {
  std::vector<torch::Tensor> v(static_cast<std::size_t>(tensor(key + "_count").item<long>()));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = tensor(fmt::format("{}{}", key, i));
  return v;
}

void CheckpointIn::optimizer(const std::string& key, torch::optim::Optimizer& o) {
  try {
    torch::serialize::InputArchive sub;
    a_.read(key, sub);
    o.load(sub);
  } catch (const c10::Error& e) {
    fail("{}: unreadable checkpoint (key '{}': {}): delete it to start over", path_, key,
         std::string(e.what_without_backtrace()).substr(0, 120));
  }
}

}  // namespace press

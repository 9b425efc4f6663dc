#pragma once
// A training run's checkpoint (train_nca's and train_binn's out_dir/checkpoint.pt): named texts,
// tensors and lists of tensors in one LibTorch archive, stamped with a fingerprint of the settings
// and data it belongs to, so a rerun resumes only its own run. Written whole or not at all,
// serialised in memory and written by the checked writer (LibTorch's file writer throws from its
// destructor on a full disk, which terminates the process).
#include <string>
#include <vector>

#include <torch/torch.h>

namespace press {

class Log;

class CheckpointOut {
 public:
  explicit CheckpointOut(const std::string& fingerprint);
  void text(const std::string& key, const std::string& value);
  void tensor(const std::string& key, const torch::Tensor& t);
  void tensors(const std::string& key, const std::vector<torch::Tensor>& v);
  void optimizer(const std::string& key, const torch::optim::Optimizer& o);  // its own state archive
  void save(const std::string& path);

 private:
  torch::serialize::OutputArchive a_;
};

class CheckpointIn {
 public:
  // false when `path` does not exist, or holds another fingerprint (logged: starting over);
  // press::Error naming the file when it cannot be read.
  bool open(const std::string& path, const std::string& fingerprint, const Log& log);
  std::string text(const std::string& key);
  torch::Tensor tensor(const std::string& key);  // a fresh tensor of the saved type
  std::vector<torch::Tensor> tensors(const std::string& key);
  void optimizer(const std::string& key, torch::optim::Optimizer& o);  // restores o's state

 private:
  torch::serialize::InputArchive a_;
  std::string path_;
};

}  // namespace press

#pragma once
// A trained module's parameters to `path`, whole or absent: train_nca's and train_binn's model.pt.
// Serialised in memory first, then written by the checked writer (as train's model.pt and
// state.pt): LibTorch's file writer throws from its destructor on a full disk, which terminates
// the process.
#include <sstream>
#include <string>

#include <torch/torch.h>

#include "press/core/atomic_file.hpp"

namespace press {

inline void save_module(const torch::nn::Module& m, const std::string& path) {
  torch::serialize::OutputArchive a;
  m.save(a);
  std::ostringstream bytes;
  a.save_to(bytes);
  write_text_atomic(path, bytes.str());
}

}  // namespace press

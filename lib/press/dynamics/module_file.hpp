#pragma once
// A trained module's parameters to `path`, whole or absent (a temporary renamed into place):
// train_nca's and train_binn's model.pt.
#include <string>

#include <torch/torch.h>

#include "press/core/atomic_file.hpp"

namespace press {

inline void save_module(const torch::nn::Module& m, const std::string& path) {
  AtomicOutput out(path);
  torch::serialize::OutputArchive a;
  m.save(a);
  a.save_to(out.tmp_path());
  out.commit();
}

}  // namespace press

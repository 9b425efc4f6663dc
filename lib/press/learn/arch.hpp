#pragma once
// Architecture names, in configs and on the command line (NOTES 3):
//   mlp                               the multilayer perceptron
//   cnn_l{L}_{none|maxpool|dilated}   L conv layers with the given spatial op, e.g. cnn_l4_maxpool
#include <string>

namespace press {

struct ArchSpec {
  enum class Kind { mlp, cnn } kind = Kind::mlp;
  enum class Op { none, maxpool, dilated } op = Op::none;
  int depth = 0;
  static ArchSpec parse(const std::string& name);  // press::Error on a bad name
  std::string name() const;
  std::string op_name() const;  // none | maxpool | dilated
};

}  // namespace press

#pragma once
// The names of a model: architecture names, in configs and on the command line (NOTES 3), and
// lambda_label below.
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

// lambda as the workflow's paths (models/<arch>/n<n>/lam<label>/), the metrics CSVs,
// selection.csv and the tables write it: %g, which the config rules make exact (every
// train.lambdas value has at most 6 significant digits). Python's twin is rules/common.smk
// lam_str. NaN gives "".
std::string lambda_label(double lambda);


}  // namespace press

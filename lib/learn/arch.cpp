#include "press/learn/arch.hpp"

#include <cmath>
#include <regex>

#include "press/core/error.hpp"

namespace press {

ArchSpec ArchSpec::parse(const std::string& name) {
  ArchSpec a;
  if (name == "mlp") return a;
  static const std::regex re("cnn_l([1-9][0-9]?)_(none|maxpool|dilated)");
  std::smatch m;
  if (!std::regex_match(name, m, re))
    fail("architecture '{}': expected mlp or cnn_l<L>_<none|maxpool|dilated> (e.g. cnn_l4_maxpool)", name);
  a.kind = Kind::cnn;
  a.depth = std::stoi(m[1]);
  a.op = m[2] == "none" ? Op::none : m[2] == "maxpool" ? Op::maxpool : Op::dilated;
  return a;
}

std::string ArchSpec::op_name() const { return op == Op::none ? "none" : op == Op::maxpool ? "maxpool" : "dilated"; }

std::string ArchSpec::name() const {
  if (kind == Kind::mlp) return "mlp";
  return fmt::format("cnn_l{}_{}", depth, op_name());
}

std::string lambda_label(double lambda) { return std::isnan(lambda) ? "" : fmt::format("{:g}", lambda); }

}  // namespace press

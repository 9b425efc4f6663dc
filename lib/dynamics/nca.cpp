#include "press/dynamics/nca.hpp"

#include <algorithm>

#include "press/core/config.hpp"
#include "press/core/error.hpp"

namespace press {

NcaSpec NcaSpec::from_config(const Config& cfg) {
  NcaSpec s;
  s.channels = cfg.get<int>("nca.channels");
  s.kernels = cfg.get<std::vector<std::string>>("nca.kernels");
  s.hidden = cfg.get<int>("nca.hidden");
  s.fire_rate = cfg.get<double>("nca.fire_rate");
  s.init_sd = cfg.get<double>("nca.init_sd");
  return s;
}

std::vector<double> perception_kernel(const std::string& name) {
  if (name == "identity") return {0, 0, 0, 0, 1, 0, 0, 0, 0};
  if (name == "average") return std::vector<double>(9, 1.0 / 9.0);
  if (name == "sobel_x") return {-0.25, 0, 0.25, -0.5, 0, 0.5, -0.25, 0, 0.25};
  if (name == "sobel_y") return {-0.25, -0.5, -0.25, 0, 0, 0, 0.25, 0.5, 0.25};
  if (name == "laplacian") return {0.25, 0.5, 0.25, 0.5, -3.0, 0.5, 0.25, 0.5, 0.25};
  fail("nca.kernels: value '{}': expected identity, average, sobel_x, sobel_y or laplacian", name);
}

bool isotropic(const std::vector<std::string>& names) {
  return std::all_of(names.begin(), names.end(), [](const std::string& n) { return n.rfind("sobel", 0) != 0; });
}

NcaImpl::NcaImpl(const NcaSpec& spec, std::uint64_t seed) : spec_(spec) {
  const int C = spec.channels, K = static_cast<int>(spec.kernels.size());
  if (C < spec.observed) fail("nca.channels: value {}: expected at least the {} observed fields", C, spec.observed);
  std::vector<float> k;
  for (int c = 0; c < C; ++c)
    for (const auto& name : spec.kernels)
      for (double w : perception_kernel(name)) k.push_back(static_cast<float>(w));
  kernels_ = register_buffer("kernels", torch::tensor(k).reshape({K * C, 1, 3, 3}));
  w1_ = register_module("w1", torch::nn::Conv2d(torch::nn::Conv2dOptions(K * C, spec.hidden_units(), 1).bias(false)));
  w2_ = register_module("w2", torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.hidden_units(), C, 1).bias(true)));
  auto gen = at::detail::createCPUGenerator(seed);
  torch::NoGradGuard no_grad;
  w1_->weight.normal_(0.0, spec.init_sd, gen);
  w2_->weight.zero_();
  w2_->bias.zero_();
  channels_last();
}

void NcaImpl::channels_last() {
  torch::NoGradGuard no_grad;
  for (auto* t : {&kernels_, &w1_->weight, &w2_->weight})
    t->set_data(t->to(t->scalar_type(), false, true, at::MemoryFormat::ChannelsLast));
}

torch::Tensor NcaImpl::perceive(const torch::Tensor& x) {
  namespace F = torch::nn::functional;
  const auto padded = F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kCircular));
  return F::conv2d(padded, kernels_.to(x.dtype()), F::Conv2dFuncOptions().groups(spec_.channels));
}

torch::Tensor NcaImpl::update(const torch::Tensor& x) { return w2_(torch::relu(w1_(perceive(x)))); }

torch::Tensor NcaImpl::step(const torch::Tensor& x, torch::Generator* gen) {
  const auto dx = update(x);
  if (spec_.fire_rate >= 1.0) return x + dx;
  auto opts = x.options().requires_grad(false);
  const auto u = gen ? torch::rand({x.size(0), 1, x.size(2), x.size(3)}, *gen, opts)
                     : torch::rand({x.size(0), 1, x.size(2), x.size(3)}, opts);
  return x + (u < spec_.fire_rate).to(x.dtype()) * dx;
}

}  // namespace press

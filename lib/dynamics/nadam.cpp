#include "press/dynamics/nadam.hpp"

#include <cmath>
#include <stdexcept>

namespace press {

Nadam::Nadam(std::vector<torch::Tensor> params, NadamOptions o) : params_(std::move(params)), o_(o) {
  for (const auto& p : params_) m_.push_back(torch::zeros_like(p)), v_.push_back(torch::zeros_like(p));
}

void Nadam::step() {
  torch::NoGradGuard no_grad;
  ++t_;
  const double t = static_cast<double>(t_);
  const double mu = o_.beta1 * (1.0 - 0.5 * std::pow(0.96, t * o_.momentum_decay));
  const double mu_next = o_.beta1 * (1.0 - 0.5 * std::pow(0.96, (t + 1) * o_.momentum_decay));
  mu_product_ *= mu;
  const double bc2 = 1.0 - std::pow(o_.beta2, t);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& g = params_[i].grad();
    if (!g.defined()) continue;
    m_[i].mul_(o_.beta1).add_(g, 1 - o_.beta1);
    v_[i].mul_(o_.beta2).addcmul_(g, g, 1 - o_.beta2);
    const auto denom = (v_[i] / bc2).sqrt_().add_(o_.eps);
    params_[i].addcdiv_(g, denom, -o_.lr * (1.0 - mu) / (1.0 - mu_product_));
    params_[i].addcdiv_(m_[i], denom, -o_.lr * mu_next / (1.0 - mu_product_ * mu_next));
  }
}

void Nadam::zero_grad() {
  for (auto& p : params_)
    if (p.grad().defined()) p.grad().zero_();
}

std::vector<torch::Tensor> Nadam::state() const {
  std::vector<torch::Tensor> s{torch::tensor({static_cast<double>(t_), mu_product_}, torch::kFloat64)};
  s.insert(s.end(), m_.begin(), m_.end());
  s.insert(s.end(), v_.begin(), v_.end());
  return s;
}

void Nadam::load_state(const std::vector<torch::Tensor>& s) {
  if (s.size() != 1 + 2 * params_.size()) throw std::invalid_argument("Nadam::load_state: wrong state size");
  t_ = static_cast<long>(s[0][0].item<double>());
  mu_product_ = s[0][1].item<double>();
  for (std::size_t i = 0; i < params_.size(); ++i) m_[i].copy_(s[1 + i]), v_[i].copy_(s[1 + params_.size() + i]);
}

}  // namespace press

#include "press/learn/net.hpp"

#include <filesystem>
#include <stdexcept>

#include "press/core/error.hpp"
#include "press/learn/circular_conv.hpp"

namespace press {

PressNetImpl::PressNetImpl(const ModelSettings& s) {
  namespace nn = torch::nn;
  const ArchSpec a = ArchSpec::parse(s.arch);
  const auto channels = static_cast<std::int64_t>(s.inputs.size());
  const auto outputs = static_cast<std::int64_t>(s.ranges.size());  // one per kinetics parameter
  if (outputs < 1) throw std::logic_error("PressNet: no parameter ranges (ModelSettings::ranges)");
  names_ = s.ranges.names;
  std::int64_t side = s.grid;
  body_ = nn::Sequential();
  if (a.kind == ArchSpec::Kind::mlp) {
    body_->push_back(nn::Flatten());
    std::int64_t width = channels * side * side;
    for (std::size_t i = 0; i < s.mlp_hidden.size(); ++i) {
      body_->push_back(nn::Linear(width, s.mlp_hidden[i]));
      body_->push_back(nn::ReLU());
      if (i < 2 && s.mlp_dropout > 0) body_->push_back(nn::Dropout(s.mlp_dropout));
      width = s.mlp_hidden[i];
    }
    body_->push_back(nn::Linear(width, outputs));
  } else {
    std::int64_t in = channels;
    for (int i = 0; i < a.depth; ++i) {
      const std::int64_t dilation = a.op == ArchSpec::Op::dilated ? (std::int64_t{1} << i) : 1;
      const std::int64_t pad = (s.cnn_kernel - 1) / 2 * dilation;
      if (pad > side)
        fail("architecture '{}': layer {} needs circular padding {} on a {}x{} map: expected a larger grid", s.arch,
             i + 1, pad, side, side);
      body_->push_back(CircularConv2d(in, s.cnn_filters, s.cnn_kernel, dilation));
      body_->push_back(nn::ReLU());
      if (a.op == ArchSpec::Op::maxpool) {
        if (side < 2) fail("architecture '{}': {} pooling layers on a {}-point grid: expected fewer", s.arch, a.depth, s.grid);
        body_->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
        side /= 2;
      }
      in = s.cnn_filters;
    }
    body_->push_back(nn::Flatten());
    body_->push_back(nn::Linear(in * side * side, s.cnn_hidden));
    body_->push_back(nn::ReLU());
    body_->push_back(nn::Linear(s.cnn_hidden, outputs));
  }
  body_->push_back(nn::Sigmoid());
  register_module("body", body_);
  in_mean_ = register_buffer("in_mean", torch::zeros({1, channels, 1, 1}));
  in_std_ = register_buffer("in_std", torch::ones({1, channels, 1, 1}));
  target_lo_ = register_buffer("target_lo", torch::zeros({outputs}, torch::kFloat64));
  target_hi_ = register_buffer("target_hi", torch::ones({outputs}, torch::kFloat64));
  set_target_ranges(s.ranges);
}

torch::Tensor PressNetImpl::forward(torch::Tensor x) { return body_->forward((x - in_mean_) / in_std_); }

void PressNetImpl::set_input_scaling(const torch::Tensor& mean, const torch::Tensor& std) {
  torch::NoGradGuard no_grad;
  in_mean_.copy_(mean.reshape(in_mean_.sizes()));
  in_std_.copy_(std.reshape(in_std_.sizes()));
}

void PressNetImpl::set_target_ranges(const ParamRanges& r) {
  torch::NoGradGuard no_grad;
  for (int j = 0; j < r.size(); ++j) {
    target_lo_[j].fill_(r.lo[j]);
    target_hi_[j].fill_(r.hi[j]);
  }
}

ParamRanges PressNetImpl::target_ranges() const {
  const auto lo = target_lo_.to(torch::kCPU).contiguous(), hi = target_hi_.to(torch::kCPU).contiguous();
  ParamRanges r;
  r.names = names_;
  r.lo.assign(lo.data_ptr<double>(), lo.data_ptr<double>() + lo.numel());
  r.hi.assign(hi.data_ptr<double>(), hi.data_ptr<double>() + hi.numel());
  return r;
}

torch::Tensor predict(PressNet& net, const torch::Tensor& x, int batch, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  const bool was_training = net->is_training();
  net->eval();
  std::vector<torch::Tensor> out;
  for (std::int64_t i = 0; i < x.size(0); i += batch)
    out.push_back(net->forward(x.slice(0, i, std::min<std::int64_t>(i + batch, x.size(0))).to(device)).to(torch::kCPU));
  net->train(was_training);
  return torch::cat(out);
}

std::vector<Params> predict_params(PressNet& net, const torch::Tensor& x, int batch, const torch::Device& device) {
  const auto y = predict(net, x, batch, device).to(torch::kFloat64).contiguous();
  const ParamRanges r = net->target_ranges();
  const double* p = y.data_ptr<double>();
  std::vector<Params> out;
  const auto np = y.size(1);
  for (std::int64_t i = 0; i < y.size(0); ++i) out.push_back(r.denormalize(Params(p + np * i, static_cast<int>(np))));
  return out;
}

torch::Device resolve_device(const std::string& device) {
  if (device == "cpu") return torch::kCPU;
  const bool cuda = torch::cuda::is_available();
  if (device == "cuda" && !cuda)
    fail("train.device 'cuda': this LibTorch has no CUDA or no GPU is visible: expected auto or cpu");
  return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

PressNet load_model(const std::string& dir, const ModelSettings& s, const torch::Device& device) {
  const std::string path = model_file(dir);
  if (!std::filesystem::exists(path)) fail("{}: no such file: expected a trained model (run train first)", path);
  PressNet net(s);
  try {
    torch::load(net, path);
  } catch (const c10::Error& e) {
    fail("{}: cannot load model: {}: expected weights for architecture {} on a {}-point grid", path,
         e.what_without_backtrace(), s.arch, s.grid);
  }
  net->to(device);
  net->eval();
  return net;
}

}  // namespace press

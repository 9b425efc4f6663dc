#pragma once
// The networks of NOTES 3 (LibTorch), named as in arch.hpp:
//   mlp                       flatten -> hidden... -> 4, ReLU, dropout after the first two layers
//   cnn_l{L}_{none|maxpool|dilated}
//                             L x [conv k x k (circular padding), ReLU, spatial op]
//                             -> flatten -> FC(hidden) -> ReLU -> FC(4)
//       none:    nothing;  maxpool: 2x2 max-pooling;  dilated: dilation 2^i in layer i
// Every net ends in a sigmoid: its outputs are the parameters min-max normalised with the
// model's target ranges (train.target_scaling: the Table 1 box, or the training split's own
// min/max as the authors do). It scales its input with per-channel mean and standard deviation
// (train.input_scaling: the training split's, or 0 and 1 = raw input as the authors do). Both
// are buffers, so that a saved model is self-contained.
#include <string>

#include <torch/torch.h>

#include "press/learn/arch.hpp"
#include "press/learn/model_dir.hpp"

namespace press {

class PressNetImpl : public torch::nn::Module {
 public:
  explicit PressNetImpl(const ModelSettings& s);
  // x: [B, C, H, W] raw fields -> [B, P] normalised parameters in (0, 1), P = the kinetics'.
  torch::Tensor forward(torch::Tensor x);
  void set_input_scaling(const torch::Tensor& mean, const torch::Tensor& std);  // [C] each
  void set_target_ranges(const ParamRanges& r);
  ParamRanges target_ranges() const;

 private:
  torch::nn::Sequential body_{nullptr};
  torch::Tensor in_mean_, in_std_;  // [1, C, 1, 1]
  torch::Tensor target_lo_, target_hi_;  // [P] float64
  std::vector<std::string> names_;       // the parameters' names
};
TORCH_MODULE(PressNet);

// Predictions for every sample of x, in batches, in eval mode and without gradients: [N, P]
// normalised with the net's target ranges.
torch::Tensor predict(PressNet& net, const torch::Tensor& x, int batch, const torch::Device& device);
// The same in physical units.
std::vector<Params> predict_params(PressNet& net, const torch::Tensor& x, int batch, const torch::Device& device);

// The device for settings.device (auto | cpu | cuda).
torch::Device resolve_device(const std::string& device);

// Build the net of a model directory and load its trained weights.
PressNet load_model(const std::string& dir, const ModelSettings& s, const torch::Device& device);

}  // namespace press

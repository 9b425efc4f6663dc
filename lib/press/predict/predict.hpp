#pragma once
// The predict stage: a trained model's parameters for a user's own patterns (estimate.hpp has
// the formats, the CSV and --resimulate; without a model the physics fit estimates). A model
// accepts only the grid it was trained on, unless `resize` (bilinear, periodic), which changes
// the pixel spacing dx and with it the physics the estimate belongs to.
#include <string>

#include "press/predict/estimate.hpp"

namespace press {

struct PredictRequest : EstimateRequest {
  std::string model_dir;  // empty: the fit
  bool resize = false;
};

void run_predict(const PredictRequest& req, const Config& cfg, const Log& log);

}  // namespace press

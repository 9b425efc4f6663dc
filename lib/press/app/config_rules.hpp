#pragma once
// The rules that tie config keys together, above the stages whose vocabulary they need
// (kinetics, architectures, the fit's box), so every tool rejects a config any stage would
// reject: params lo < hi and named by model.kinetics, grid.n even, simulate.t_max a multiple of
// simulate.dt, split.pools ascending multiples of 4 within split.n_samples - n_test, an odd
// train.cnn_kernel, train.lambdas with at most 6 significant digits (learn/model_dir.hpp
// lambda_label names their directories exactly), known train.archs, the tabulate focus cell among the archs and pools, one
// tabulate.figure2_params value per parameter, and the fit's box (fit.hpp check_fit_box) while
// fit.variants is not empty. Tool::run checks them after the command-line overrides. The
// reads are untraced (Config::keys_read).
namespace press {

class Config;

void check_config_rules(const Config& cfg);

}  // namespace press

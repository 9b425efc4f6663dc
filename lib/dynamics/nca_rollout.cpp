#include "press/dynamics/nca_rollout.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include <yaml-cpp/yaml.h>

#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/io/shard_io.hpp"
#include "press/metrics/pattern_stats.hpp"

namespace press {

NcaModel load_nca(const std::string& dir) {
  const std::string settings = dir + "/settings.yaml", weights = dir + "/model.pt";
  for (const auto& p : {settings, weights})
    if (!std::filesystem::exists(p)) fail("{}: no such file: expected a train_nca model directory", p);
  NcaModel m;
  NcaSpec s;
  try {
    const YAML::Node y = YAML::LoadFile(settings);
    s.channels = y["channels"].as<int>();
    s.observed = y["observed"].as<int>();
    s.kernels = y["kernels"].as<std::vector<std::string>>();
    s.hidden = y["hidden"].as<int>();
    s.fire_rate = y["fire_rate"].as<double>();
    m.t = y["t"].as<int>();
    m.frame_dt = y["frame_dt"].as<double>();
    m.horizon = y["horizon"].as<double>();
    m.seed = y["seed"].as<long>();
    m.noise = y["noise"] ? y["noise"].as<double>() : 0.0;
    m.kept_loss = y["kept_loss"].as<double>();
    const auto lo = y["scale_lo"].as<std::vector<double>>(), hi = y["scale_hi"].as<std::vector<double>>();
    if (lo.empty() || lo.size() != hi.size()) fail("scale_lo, scale_hi: expected one value per training trajectory");
    m.lo = *std::min_element(lo.begin(), lo.end());
    m.hi = *std::max_element(hi.begin(), hi.end());
  } catch (const YAML::Exception& e) {
    fail("{}: {}: expected train_nca's settings", settings, e.what());
  } catch (const Error& e) {
    fail("{}: {}", settings, e.what());
  }
  m.nca = Nca(s, 0);
  try {
    torch::serialize::InputArchive a;
    a.load_from(weights);
    m.nca->load(a);
    m.nca->channels_last();
  } catch (const c10::Error& e) {
    fail("{}: {}: expected train_nca's model.pt", weights, std::string(e.what_without_backtrace()).substr(0, 200));
  }
  m.nca->eval();
  return m;
}

namespace {

void score(const float* pu, const float* pv, const float* nu, const float* nv, int n, double dx, RolloutScore& r) {
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  auto stats = [&](const float* f, double& wl, int& comp) {
    const std::vector<double> x(f, f + cells);
    wl = peak_wavelength(x.data(), n, dx);
    comp = count_components(x.data(), n, std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(cells));
  };
  stats(pu, r.wl_u_pde, r.comp_u_pde);
  stats(nu, r.wl_u_nca, r.comp_u_nca);
  stats(pv, r.wl_v_pde, r.comp_v_pde);
  stats(nv, r.wl_v_nca, r.comp_v_nca);
  const auto [lo, hi] = std::minmax_element(pv, pv + cells);
  const double v_mid = 0.5 * (static_cast<double>(*lo) + static_cast<double>(*hi));
  auto share = [&](const float* f) {
    return static_cast<double>(std::count_if(f, f + cells, [&](float x) { return x > v_mid; })) /
           static_cast<double>(cells);
  };
  r.share_v_pde = share(pv);
  r.share_v_nca = share(nv);
}

}  // namespace

std::vector<RolloutScore> rollout_nca(NcaModel& m, const std::string& shard, const std::string& nca_shard,
                                      const Log& log) {
  ShardAttrs attrs;
  Shard<float> sh = read_shard<float>(shard, &attrs, nullptr, true);
  const auto it = attrs.numbers.find("frame_every");
  const long every = it == attrs.numbers.end() ? 0 : static_cast<long>(it->second);
  if (every <= 0) fail("{}: no frames: expected a shard simulated with simulate.frame_every > 0", shard);
  const double dx = attrs.numbers.at("dx");
  const int C = m.nca->spec().channels, obs = m.nca->spec().observed, n = sh.n;
  const double scale = m.hi - m.lo;
  std::vector<RolloutScore> rows;
  std::unique_ptr<ShardWriter<float>> out;
  std::vector<double> times;
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < sh.count(); ++i) {
    if (sh.results[i].status == Status::blowup) continue;
    const Trajectory<float> tr = read_trajectory<float>(shard, i);
    if (out == nullptr && !nca_shard.empty()) {
      times = tr.times;
      out = std::make_unique<ShardWriter<float>>(nca_shard, sh.count(), n, times);
    }
    const std::size_t cells = static_cast<std::size_t>(n) * n;
    auto x = torch::zeros({1, C, n, n});
    for (int c = 0; c < obs; ++c) {
      const float* f = c == 0 ? tr.u.data() : tr.v.data();
      x[0][c].copy_((torch::from_blob(const_cast<float*>(f), {n, n}, torch::kFloat32) - m.lo) / scale);
    }
    for (std::size_t k = 0; k < tr.frames(); ++k) {
      if (k > 0)
        for (long s = 0; s < every; ++s) x = m.nca->step(x);
      const auto phys = (x[0].index({torch::indexing::Slice(0, obs)}) * scale + m.lo).contiguous();
      const float* nu = phys[0].data_ptr<float>();
      const float* nv = phys[1].data_ptr<float>();
      const float* pu = tr.u.data() + k * cells;
      const float* pv = tr.v.data() + k * cells;
      RolloutScore r;
      r.id = sh.id[i];
      r.frame = static_cast<long>(k);
      r.time = tr.times[k];
      double se = 0;
      for (std::size_t p = 0; p < cells; ++p)
        se += std::pow((nu[p] - pu[p]) / scale, 2) + std::pow((nv[p] - pv[p]) / scale, 2);
      r.rmse = std::sqrt(se / static_cast<double>(2 * cells));
      score(pu, pv, nu, nv, n, dx, r);
      rows.push_back(r);
      if (out) out->frame(i, k, nu, nv);
    }
    log.info("trajectory {}: {} frames to t = {}; RMSE at the end {:.4f}, wavelength of v {} (PDE {})", sh.id[i],
             tr.frames(), tr.times.back(), rows.back().rmse, rows.back().wl_v_nca, rows.back().wl_v_pde);
  }
  if (out) {
    ShardAttrs a = attrs;
    a.strings["source"] = "nca rollout";
    out->finish(sh, a);  // the PDE's final states and statuses stand in the shard's own datasets
  }
  return rows;
}

std::string rollout_csv(const std::vector<RolloutScore>& rows) {
  std::string csv =
      "id,frame,time,rmse,wavelength_u_pde,wavelength_u_nca,wavelength_v_pde,wavelength_v_nca,components_u_pde,"
      "components_u_nca,components_v_pde,components_v_nca,share_v_pde,share_v_nca\n";
  for (const auto& r : rows)
    csv += fmt::format("{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{},{},{:.6g},{:.6g}\n", r.id, r.frame, r.time,
                       r.rmse, r.wl_u_pde, r.wl_u_nca, r.wl_v_pde, r.wl_v_nca, r.comp_u_pde, r.comp_u_nca, r.comp_v_pde,
                       r.comp_v_nca, r.share_v_pde, r.share_v_nca);
  return csv;
}

std::string rollout_summary_csv(const std::vector<RolloutScore>& rows, const NcaModel& m) {
  std::string csv =
      "seed,t,noise,kept_loss,id,horizon,end_time,rmse_within_horizon,rmse_end,wavelength_v_pde,wavelength_v_nca,"
      "wavelength_ratio,components_v_pde,components_v_nca,share_v_pde,share_v_nca\n";
  for (std::size_t a = 0; a < rows.size();) {
    std::size_t b = a;
    double se = 0;
    long within = 0;
    for (; b < rows.size() && rows[b].id == rows[a].id; ++b)
      if (rows[b].time > 0 && rows[b].time <= m.horizon) se += rows[b].rmse, ++within;
    const RolloutScore& e = rows[b - 1];
    csv += fmt::format("{},{},{},{:.6g},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{:.6g},{:.6g}\n", m.seed, m.t,
                       m.noise, m.kept_loss, e.id, m.horizon, e.time, within ? se / static_cast<double>(within) : NAN,
                       e.rmse, e.wl_v_pde, e.wl_v_nca, e.wl_v_nca / e.wl_v_pde, e.comp_v_pde, e.comp_v_nca,
                       e.share_v_pde, e.share_v_nca);
    a = b;
  }
  return csv;
}

}  // namespace press

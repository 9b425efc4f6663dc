// The NCA (issue 23, NCA.md): the fixed perception kernels against their closed forms, the
// zero-initialised identity start, the rotation symmetry that isotropic kernels give and Sobel
// kernels break, Nadam against Keras's update (and PyTorch's), and the training data's noise mix
// (the paper's Figure 6).
#include <cmath>

#include "press/core/error.hpp"
#include "press/dynamics/nadam.hpp"
#include "press/dynamics/nca.hpp"
#include "press/dynamics/nca_training.hpp"

#undef CHECK  // glog's, from LibTorch
#include <catch2/catch.hpp>

using namespace press;

namespace {

torch::Tensor wave(int n, int mx, int my) {  // cos(a i + b j) on an n x n grid, [1, 1, n, n]
  auto i = torch::arange(n, torch::kFloat64).unsqueeze(1), j = torch::arange(n, torch::kFloat64).unsqueeze(0);
  return torch::cos(2 * M_PI * mx / n * i + 2 * M_PI * my / n * j).unsqueeze(0).unsqueeze(0);
}

NcaSpec spec_of(std::vector<std::string> kernels, int channels = 1) {
  NcaSpec s;
  s.channels = channels;
  s.observed = 1;
  s.kernels = std::move(kernels);
  return s;
}

// Random output weights, so that the NCA is not the identity.
void randomise(Nca& nca, std::uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed);
  for (auto& p : nca->parameters()) p.normal_(0.0, 0.3, gen);
}

}  // namespace

TEST_CASE("perception: each kernel against its closed form on a Fourier mode, periodic") {
  const int n = 16, mx = 3, my = 2;
  const double a = 2 * M_PI * mx / n, b = 2 * M_PI * my / n;
  const auto x = wave(n, mx, my);
  Nca nca(spec_of({"identity", "average", "laplacian"}), 1);
  const auto z = nca->perceive(x.to(torch::kFloat32)).to(torch::kFloat64);
  CHECK(torch::allclose(z[0][0], x[0][0], 0, 1e-6));
  // average: (1 + 2 cos a)(1 + 2 cos b) / 9; laplacian: -3 + cos a + cos b + cos a cos b.
  CHECK(torch::allclose(z[0][1], x[0][0] * ((1 + 2 * std::cos(a)) * (1 + 2 * std::cos(b)) / 9), 0, 1e-6));
  CHECK(torch::allclose(z[0][2], x[0][0] * (-3 + std::cos(a) + std::cos(b) + std::cos(a) * std::cos(b)), 0, 1e-5));
  // Sobel x on sin(a j), constant along rows: the smoothing (1/4)[1 2 1] sums to 1, leaving the
  // central difference sin(a(j+1)) - sin(a(j-1)) = 2 sin a cos(a j); Sobel y sees nothing.
  const auto s = torch::sin(2 * M_PI * mx / n * torch::arange(n, torch::kFloat64)).unsqueeze(0).expand({n, n});
  Nca sob(spec_of({"sobel_x", "sobel_y"}), 1);
  const auto zs = sob->perceive(s.unsqueeze(0).unsqueeze(0).to(torch::kFloat32)).to(torch::kFloat64);
  const auto expect = 2 * std::sin(a) * torch::cos(2 * M_PI * mx / n * torch::arange(n, torch::kFloat64)).unsqueeze(0).expand({n, n});
  CHECK(torch::allclose(zs[0][0], expect, 0, 1e-6));
  CHECK(zs[0][1].abs().max().item<double>() < 1e-6);
  CHECK_THROWS_WITH(perception_kernel("gabor"), Catch::Matchers::Contains("expected identity"));
}

TEST_CASE("the untrained NCA is the identity map") {
  NcaSpec s;  // the PDE runs: C 8, identity + laplacian
  Nca nca(s, 42);
  CHECK(nca->parameters().size() == 3);
  long count = 0;
  for (const auto& p : nca->parameters()) count += p.numel();
  CHECK(count == 16 * 32 + 32 * 8 + 8);  // 776, NCA.md
  CHECK(nca->parameters()[0].abs().max().item<double>() > 0);  // the hidden layer is not zero
  auto gen = at::detail::createCPUGenerator(1);
  const auto x = torch::rand({3, 8, 12, 12}, gen);
  CHECK(torch::equal(nca->step(x), x));
}

TEST_CASE("isotropic kernels commute with rot90 to rounding; Sobel kernels do not") {
  auto gen = at::detail::createCPUGenerator(7);
  const auto x = torch::rand({2, 4, 16, 16}, gen, torch::kFloat64);
  auto rollout = [](Nca& nca, torch::Tensor y) {
    torch::NoGradGuard no_grad;
    for (int k = 0; k < 10; ++k) y = torch::tanh(nca->step(y));  // tanh: keep 10 random steps bounded
    return y;
  };
  auto gap = [&](Nca& nca) {
    const auto a = rollout(nca, torch::rot90(x, 1, {2, 3})), b = torch::rot90(rollout(nca, x), 1, {2, 3});
    return (a - b).abs().max().item<double>();
  };
  Nca iso(spec_of({"identity", "average", "laplacian"}, 4), 3);
  iso->to(torch::kFloat64);
  randomise(iso, 5);
  CHECK(isotropic({"identity", "average", "laplacian"}));
  const double g_iso = gap(iso);
  INFO("isotropic gap " << g_iso);
  CHECK(g_iso < 1e-12);  // float64: rounding only (the sums run in another order)
  Nca sob(spec_of({"identity", "sobel_x", "sobel_y", "laplacian"}, 4), 3);
  sob->to(torch::kFloat64);
  randomise(sob, 5);
  CHECK(!isotropic({"identity", "sobel_x"}));
  const double g_sob = gap(sob);
  INFO("Sobel gap " << g_sob);
  CHECK(g_sob > 1e-2);
}

TEST_CASE("Nadam: Keras's update (the authors' optimiser), step for step") {
  // Reference: Keras's Nadam written out in numpy, float64, five steps of
  // loss = sum(p^4) + 3 sum(p) from p = (1, -2, 0.5), lr 1e-2, eps 1e-7:
  //   mu_t = 0.9 (1 - 0.5 * 0.96^(0.004 t)), prod_t = prod_{t-1} mu_t, next = prod_t mu_{t+1},
  //   p -= lr (1 - mu_t)/(1 - prod_t) g/d + lr mu_{t+1}/(1 - next) m/d, d = sqrt(v/(1 - 0.999^t)) + eps.
  // PyTorch 1.13's NAdam multiplies mu_t into `next` twice (fixed in PyTorch 2.0); the same numpy
  // with that slip reproduces torch 1.13's result (0.96010271966978522, -1.9600940454668869,
  // 0.45988191634542575) to the last digit, so the rest of the update is checked against torch too.
  auto p = torch::tensor({1.0, -2.0, 0.5}, torch::kFloat64).requires_grad_(true);
  Nadam opt({p}, NadamOptions{1e-2});
  for (int k = 0; k < 5; ++k) {
    opt.zero_grad();
    ((p.pow(4)).sum() + 3 * p.sum()).backward();
    opt.step();
  }
  const double want[] = {0.95993265941812556, -1.9599239677295071, 0.45971056339379313};
  for (int i = 0; i < 3; ++i) CHECK(p[i].item<double>() == Approx(want[i]).epsilon(1e-14));
}

TEST_CASE("the noise mix (1 - xi) y + xi eta: eta uniform on [0, 1), keyed, xi 0 the identity") {
  NcaFrames d;
  auto gen = at::detail::createCPUGenerator(7);
  for (int j = 0; j < 2; ++j) d.frames.push_back(torch::rand({5, 2, 16, 16}, gen, torch::kFloat32));
  const NcaFrames same = mix_noise(d, 0.0, 3);
  for (int j = 0; j < 2; ++j) CHECK(torch::equal(same.frames[j], d.frames[j]));
  const double xi = 0.3;
  const NcaFrames a = mix_noise(d, xi, 3), b = mix_noise(d, xi, 3), c = mix_noise(d, xi, 4);
  for (int j = 0; j < 2; ++j) {
    CHECK(torch::equal(a.frames[j], b.frames[j]));  // keyed: the same bits again
    CHECK_FALSE(torch::equal(a.frames[j], c.frames[j]));
    // eta = (x - (1 - xi) y) / xi: inside [0, 1] (float rounding aside), mean 1/2 and variance 1/12
    // within 5 standard errors of N = 2560 draws, the two trajectories' draws uncorrelated.
    const auto eta = ((a.frames[j].to(torch::kFloat64) - (1 - xi) * d.frames[j].to(torch::kFloat64)) / xi).flatten();
    const double N = static_cast<double>(eta.numel());
    CHECK(eta.min().item<double>() > -1e-6);
    CHECK(eta.max().item<double>() < 1 + 1e-6);
    CHECK(std::abs(eta.mean().item<double>() - 0.5) < 5 * std::sqrt(1.0 / 12 / N));
    CHECK(std::abs(eta.var().item<double>() - 1.0 / 12) < 5 * std::sqrt(1.0 / 180 / N));
  }
  const auto e0 = ((a.frames[0].to(torch::kFloat64) - (1 - xi) * d.frames[0].to(torch::kFloat64)) / xi - 0.5).flatten();
  const auto e1 = ((a.frames[1].to(torch::kFloat64) - (1 - xi) * d.frames[1].to(torch::kFloat64)) / xi - 0.5).flatten();
  CHECK(std::abs((e0 * e1).mean().item<double>()) < 5 * (1.0 / 12) / std::sqrt(static_cast<double>(e0.numel())));
  CHECK_THROWS_AS(mix_noise(d, 1.5, 0), Error);
}

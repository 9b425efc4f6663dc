// The learning half: physics residual and loss against independent loop implementations and
// closed forms, its gradient against finite differences, the residual floor of converged
// simulate output, the LR schedule and network shapes. (The split, the authors' filter and the
// metrics, which need no LibTorch, are tested in test_data.cpp and test_metrics.cpp.)
#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <set>
#include <sstream>

#include "press/fit/fit.hpp"
#include "press/learn/circular_conv.hpp"
#include "press/learn/direct_conv.hpp"
#include "press/learn/fused_adam.hpp"
#include "press/learn/lr_schedule.hpp"
#include "press/learn/net.hpp"
#include "press/learn/physics.hpp"
#include "press/learn/training.hpp"

// LibTorch's headers pull in glog, whose CHECK aborts the process; Catch's must win.
#undef CHECK
#include <catch2/catch.hpp>

#include "physics_checks.hpp"

using namespace press;

namespace {

struct Fields {
  int b = 3, n = 12;
  std::vector<double> u, v, theta;  // [b][n][n], [b][n][n], [b][4]
};

Fields random_fields(unsigned seed, bool below_floor) {
  Fields f;
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> du(0.2, 2.0), dv(0.1, 3.0), ua(0.0, 1.0);
  for (int i = 0; i < f.b * f.n * f.n; ++i) {
    f.u.push_back(du(g));
    f.v.push_back(dv(g));
  }
  if (below_floor) f.v[5] = 1e-9;  // the clamp must apply
  const double lo[4] = {0.01, 0.4, 0.02, 20}, hi[4] = {0.7, 2.0, 7.0, 200};
  for (int i = 0; i < f.b; ++i)
    for (int j = 0; j < 4; ++j) f.theta.push_back(lo[j] + ua(g) * (hi[j] - lo[j]));
  return f;
}

// Independent reference: explicit loops over pixels with wrapped indices, in double. Per sample:
// the mean squared residual and its derivative with respect to (a, b, c, delta), derived by hand.
struct Reference {
  double value;
  std::array<double, 4> grad;
};

std::vector<Reference> reference_residual(const Fields& f, const PhysicsOptions& o) {
  std::vector<Reference> out;
  const int n = f.n;
  const bool murray = o.kinetics == kinetics_id<Murray>;
  for (int s = 0; s < f.b; ++s) {
    const double* u = &f.u[static_cast<std::size_t>(s) * n * n];
    const double* v = &f.v[static_cast<std::size_t>(s) * n * n];
    const double* th = &f.theta[static_cast<std::size_t>(s) * 4];
    const int ip = murray ? 0 : 1, id = murray ? 1 : 0;  // which of a, b is production p, decay d
    const double p = th[ip], d = th[id], c = th[2], delta = th[3];
    auto at = [n](const double* x, int i, int j) { return x[((i + n) % n) * n + (j + n) % n]; };
    double mean_u = 0;
    for (int k = 0; k < n * n; ++k) mean_u += u[k];
    mean_u /= n * n;
    Reference r{0, {0, 0, 0, 0}};
    double count = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        auto lap = [&](const double* x) {
          return (at(x, i + 1, j) + at(x, i - 1, j) + at(x, i, j + 1) + at(x, i, j - 1) - 4 * at(x, i, j)) / (o.dx * o.dx);
        };
        const double uu = at(u, i, j), vv = std::max(at(v, i, j), o.v_floor), q = 1 + c * uu * uu;
        const double ru = o.s * lap(u) + p - d * uu + uu * uu / (vv * q);
        const double rv = o.s * delta * lap(v) + uu * uu - at(v, i, j);
        if (o.mask == ResidualMask::u_above_mean && uu <= mean_u) continue;
        r.value += ru * ru + rv * rv;
        r.grad[ip] += 2 * ru;
        r.grad[id] += 2 * ru * -uu;
        r.grad[2] += 2 * ru * -std::pow(uu, 4) / (vv * q * q);
        r.grad[3] += 2 * rv * o.s * lap(v);
        count += 1;
      }
    r.value /= count;
    for (double& g : r.grad) g /= count;
    out.push_back(r);
  }
  return out;
}

torch::Tensor field_tensor(const std::vector<double>& x, int b, int n) {
  return torch::from_blob(const_cast<double*>(x.data()), {b, n, n}, torch::kFloat64).clone();
}

}  // namespace

TEST_CASE("the PDE residual matches an independent loop implementation on random fields") {
  const Fields f = random_fields(7, true);
  for (auto form : {kinetics_id<Murray>, kinetics_id<PrintedEq3>})
    for (auto mask : {ResidualMask::all, ResidualMask::u_above_mean}) {
      PhysicsOptions o;
      o.dx = 0.7;  // exercise the 1/dx^2
      o.kinetics = form;
      o.mask = mask;
      const auto r = residual_per_sample(field_tensor(f.u, f.b, f.n), field_tensor(f.v, f.b, f.n),
                                         torch::from_blob(const_cast<double*>(f.theta.data()), {f.b, 4}, torch::kFloat64),
                                         o);
      const auto ref = reference_residual(f, o);
      for (int s = 0; s < f.b; ++s) CHECK(r[s].item<double>() == Approx(ref[s].value).epsilon(1e-12));
    }
}

TEST_CASE("the fit's residual (FFTW, Laplacian symbols) equals the physics loss's (LibTorch) on random fields") {
  // Two implementations of Eq. 14-15: PatternFitter::residual applies each Laplacian through its
  // Fourier symbol with FFTW in double; residual_per_sample uses rolls (5-point) or torch.fft.
  const Fields f = random_fields(11, true);
  for (auto form : {kinetics_id<Murray>, kinetics_id<PrintedEq3>})
    for (auto lap : {LaplacianKind::fd, LaplacianKind::spectral}) {
      PhysicsOptions o;
      o.dx = 0.7;
      o.kinetics = form;
      o.laplacian = lap;
      ParamRanges box;
      box.names = {"a", "b", "c", "delta"};
      box.lo = {0.01, 0.4, 0.02, 20.0};
      box.hi = {0.7, 2.0, 7.0, 200.0};
      const PatternFitter fitter(f.n, o, box, FitSettings{});
      const std::size_t cells = static_cast<std::size_t>(f.n) * f.n;
      for (int s = 0; s < f.b; ++s) {
        // The fit reads float32 fields, as stored in shards; the loss gets the same rounded values.
        std::vector<float> u(f.u.begin() + s * cells, f.u.begin() + (s + 1) * cells);
        std::vector<float> v(f.v.begin() + s * cells, f.v.begin() + (s + 1) * cells);
        std::vector<double> ud(u.begin(), u.end()), vd(v.begin(), v.end());
        const auto rr = residual_per_sample(field_tensor(ud, 1, f.n), field_tensor(vd, 1, f.n),
                                            torch::from_blob(const_cast<double*>(f.theta.data() + 4 * s), {1, 4},
                                                             torch::kFloat64),
                                            o);
        const Params p{f.theta[4 * s], f.theta[4 * s + 1], f.theta[4 * s + 2], f.theta[4 * s + 3]};
        CHECK(fitter.residual(u.data(), v.data(), p, lap) == Approx(rr.item<double>()).epsilon(1e-10));
      }
    }
}

TEST_CASE("Laplacians of a Fourier mode match their closed forms") {
  const int n = 16, m = 3, l = 2;
  const double dx = 0.5;
  std::vector<double> x(static_cast<std::size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) x[static_cast<std::size_t>(i) * n + j] = std::cos(2 * M_PI * (l * i + m * j) / n);
  const auto t = field_tensor(x, 1, n);
  const double k2 = std::pow(2 * M_PI / (n * dx), 2) * (m * m + l * l);
  const double fd = 4 / (dx * dx) * (std::pow(std::sin(M_PI * m / n), 2) + std::pow(std::sin(M_PI * l / n), 2));
  const auto sp = laplacian(t, LaplacianKind::spectral, dx), f5 = laplacian(t, LaplacianKind::fd, dx);
  CHECK(torch::allclose(sp, -k2 * t, 0, 1e-11));
  CHECK(torch::allclose(f5, -fd * t, 0, 1e-11));
  CHECK(fd < k2);  // the 5-point stencil underestimates |k|^2: the source of the residual floor
}

TEST_CASE("the PRESS loss is MSE + lambda * mean residual, and its gradient matches the hand-derived one") {
  const Fields f = random_fields(11, false);
  for (auto form : {kinetics_id<Murray>, kinetics_id<PrintedEq3>}) {
    PhysicsOptions o;
    o.kinetics = form;
    const auto u = field_tensor(f.u, f.b, f.n), v = field_tensor(f.v, f.b, f.n);
    const auto lo = torch::tensor({0.01, 0.4, 0.02, 20.0}, torch::kFloat64);
    const auto span = torch::tensor({0.69, 1.6, 6.98, 180.0}, torch::kFloat64);
    torch::manual_seed(3);
    const auto target = torch::rand({f.b, 4}, torch::kFloat64);
    auto pred = (torch::rand({f.b, 4}, torch::kFloat64) * 0.8 + 0.1).requires_grad_(true);
    const double lambda = 0.37;
    // The Laplacians once per dataset, in chunks (2 of the 3 samples, then 1): the same bits as
    // on the whole batch, and the same residual as from u and v alone.
    const auto fields = PatternFields::of(u, v, o, 2);
    CHECK(torch::equal(fields.lap_u, laplacian(u, o.laplacian, o.dx)));
    CHECK(torch::equal(fields.lap_v, laplacian(v, o.laplacian, o.dx)));
    const auto theta = lo + pred.detach() * span;
    CHECK(torch::equal(residual_per_sample(fields, theta, o), residual_per_sample(u, v, theta, o)));
    const LossTerms L = press_loss(pred, target, fields, lo, span, lambda, o);
    // Independent: the MSE by hand and the reference residual at the de-normalised predictions.
    Fields g = f;
    double mse = 0;
    for (int s = 0; s < f.b; ++s)
      for (int j = 0; j < 4; ++j) {
        const double p = pred[s][j].item<double>();
        g.theta[static_cast<std::size_t>(s) * 4 + j] = lo[j].item<double>() + p * span[j].item<double>();
        mse += std::pow(p - target[s][j].item<double>(), 2) / (4.0 * f.b);
      }
    const auto ref = reference_residual(g, o);
    const double phy = (ref[0].value + ref[1].value + ref[2].value) / 3;
    CHECK(L.data.item<double>() == Approx(mse).epsilon(1e-13));
    CHECK(L.phy.item<double>() == Approx(phy).epsilon(1e-12));
    CHECK(L.total.item<double>() == Approx(mse + lambda * phy).epsilon(1e-12));
    CHECK(press_loss(pred, target, fields, lo, span, 0.0, o).total.item<double>() == Approx(mse).epsilon(1e-13));

    // d L_phy / d pred = (1 / B) * d residual / d theta * span (the de-normalisation), and the
    // derivative of the data term is 2 (pred - target) / (4 B).
    L.total.backward();
    const auto grad = pred.grad().clone();
    for (int s = 0; s < f.b; ++s)
      for (int j = 0; j < 4; ++j) {
        const double p = pred[s][j].item<double>(), t = target[s][j].item<double>();
        const double expect = 2 * (p - t) / (4.0 * f.b) + lambda * ref[s].grad[j] * span[j].item<double>() / f.b;
        INFO("sample " << s << " param " << j);
        CHECK(grad[s][j].item<double>() == Approx(expect).epsilon(1e-11));
        CHECK(std::fabs(ref[s].grad[j]) > 1e-6);  // every parameter enters the residual
      }
  }
}

TEST_CASE("converged simulate output has a spectral residual below 1e-6 with its true parameters") {
  using namespace press::testing;
  const int n = 64;
  SimSettings st = settings(n, 0.2, 50000);  // T = 10,000
  const double us = steady_state(st.kinetics, kRef).u;
  for (bool f32 : {false, true}) {
    std::vector<double> u(static_cast<std::size_t>(n) * n), v(u.size());
    SampleResult r;
    if (f32) {
      std::vector<float> uf(u.size()), vf(u.size());
      initial_state<float>(99, 0, us, us * us, st.noise_sigma, n * n, uf.data(), vf.data());
      make_fftw_solver<float>(st, 1, kEstimate)->run(&kRef, 1, uf.data(), vf.data(), &r, nullptr);
      std::copy(uf.begin(), uf.end(), u.begin());
      std::copy(vf.begin(), vf.end(), v.begin());
    } else {
      initial_state<double>(99, 0, us, us * us, st.noise_sigma, n * n, u.data(), v.data());
      make_fftw_solver<double>(st, 1, kEstimate)->run(&kRef, 1, u.data(), v.data(), &r, nullptr);
    }
    REQUIRE(r.status == Status::ok);
    const auto theta = torch::tensor({kRef[0], kRef[1], kRef[2], kRef[3]}, torch::kFloat64).reshape({1, 4});
    PhysicsOptions o;
    o.laplacian = LaplacianKind::spectral;
    const double spectral = residual_per_sample(field_tensor(u, 1, n), field_tensor(v, 1, n), theta, o).item<double>();
    o.laplacian = LaplacianKind::fd;
    const double fd = residual_per_sample(field_tensor(u, 1, n), field_tensor(v, 1, n), theta, o).item<double>();
    INFO((f32 ? "float32" : "float64") << ": max|du/dt| " << r.max_dudt << ", spectral " << spectral << ", 5-point "
                                       << fd);
    CHECK(spectral < 1e-6);
    CHECK(fd > 100 * spectral);  // the 5-point floor is a discretisation mismatch, not convergence
  }
}

TEST_CASE("the LR schedule per step: linear warm-up from 1e-6, then cosine to lr_end") {
  const LrSchedule s(1000, 0.1, 1e-6, 1e-3, 0);
  CHECK(s.warmup_units() == 100);
  CHECK(s.at(0) == Approx(1e-6));
  CHECK(s.at(50) == Approx(1e-6 + 0.5 * (1e-3 - 1e-6)));
  CHECK(s.at(100) == Approx(1e-3));
  CHECK(s.at(550) == Approx(0.5e-3));                                       // half-way through the cosine
  CHECK(s.at(325) == Approx(1e-3 * (1 + std::cos(M_PI / 4)) / 2));
  CHECK(s.at(1000) == Approx(0).margin(1e-18));
  for (int t = 101; t < 1000; ++t) CHECK(s.at(t) < s.at(t - 1));           // monotone decay
  CHECK(LrSchedule(10, 0.0, 1e-6, 1e-3, 0).at(0) == Approx(1e-3));         // no warm-up
  CHECK(LrSchedule(1000, 0.1, 1e-6, 1e-3, 1e-5).at(1000) == Approx(1e-5));  // the floor
}

TEST_CASE("the LR schedule per epoch: the authors' LinearLR + CosineAnnealingLR values") {
  // PyTorch 1.13 (Debian python3-torch), train_unified.py's scheduler over 100 epochs: LinearLR
  // (start_factor 1e-6/lr, 10 epochs), CosineAnnealingLR (T_max 90, eta_min 1e-6) in a
  // SequentialLR, lr 1e-3, read at the start of each epoch (a recursive implementation).
  const LrSchedule s(100, 0.1, 1e-6, 1e-3, 1e-6);
  CHECK(s.warmup_units() == 10);
  const std::pair<int, double> torch_values[] = {
      {0, 1e-06}, {1, 0.00010089999999999999}, {5, 0.0005005000000000001}, {9, 0.0009001000000000001},
      {10, 0.001}, {11, 0.0009996957180960385}, {40, 0.0007502500000000002}, {55, 0.0005005},
      {98, 2.2167568952178125e-06}, {99, 1.3042819039616666e-06}};
  for (const auto& [epoch, lr] : torch_values) {
    INFO("epoch " << epoch);
    CHECK(s.at(epoch) == Approx(lr).epsilon(1e-12));
  }
}

TEST_CASE("circular_pad and CircularConv2d equal LibTorch's circular padding, values and gradients") {
  namespace F = torch::nn::functional;
  torch::manual_seed(3);
  for (const std::int64_t p : {1, 2, 4, 8, 12})  // p = 12 = H: the pad wraps the whole map
    for (const auto n : {std::array<std::int64_t, 2>{12, 12}, std::array<std::int64_t, 2>{13, 16}}) {
      INFO("p=" << p << " H=" << n[0] << " W=" << n[1]);
      const auto x = torch::randn({2, 3, n[0], n[1]}, torch::kFloat64);
      CHECK(torch::equal(circular_pad(x, p), F::pad(x, F::PadFuncOptions({p, p, p, p}).mode(torch::kCircular))));
    }
  CHECK_THROWS(circular_pad(torch::zeros({1, 1, 4, 4}), 5));
  CHECK_THROWS(circular_pad(torch::zeros({1, 1, 4, 4}).requires_grad_(true), 1));  // its gradient would be lost
  CHECK_THROWS(CircularConv2d(3, 5, 4, 1));                                          // an even kernel
  // The module against LibTorch's Conv2d with padding_mode circular at the same weights: values in
  // float32; in float64 the input's, weight's and bias's gradients under a generic upstream
  // gradient (ours: the input's as a forward convolution; LibTorch's: backward-data and a fold).
  for (const std::int64_t dil : {1, 2, 8}) {
    torch::manual_seed(5);
    CircularConv2d ours(3, 5, 5, dil);
    torch::nn::Conv2d ref(torch::nn::Conv2dOptions(3, 5, 5).padding(2 * dil).dilation(dil).padding_mode(torch::kCircular));
    {
      torch::NoGradGuard no_grad;
      ref->weight.copy_(ours->named_parameters()["weight"]);
      ref->bias.copy_(ours->named_parameters()["bias"]);
    }
    INFO("dilation " << dil);
    const auto x = torch::randn({2, 3, 17, 32});
    CHECK(torch::allclose(ours->forward(x), ref->forward(x), 1e-5, 1e-5));
    ours->to(torch::kFloat64);
    ref->to(torch::kFloat64);
    const auto x64 = x.to(torch::kFloat64).requires_grad_(true);
    const auto up = torch::randn({2, 5, 17, 32}, torch::kFloat64);
    const auto g_ours = torch::autograd::grad({(ours->forward(x64) * up).sum()}, {x64, ours->named_parameters()["weight"], ours->named_parameters()["bias"]});
    const auto g_ref = torch::autograd::grad({(ref->forward(x64) * up).sum()}, {x64, ref->weight, ref->bias});
    for (int i = 0; i < 3; ++i) {
      INFO("gradient " << i << " (input, weight, bias)");
      CHECK(torch::allclose(g_ours[i], g_ref[i], 1e-12, 1e-12));
    }
    // The first layer's input needs no gradient: none is computed, the weight's still is.
    const auto gw = torch::autograd::grad({(ours->forward(x.to(torch::kFloat64)) * up).sum()}, {ours->named_parameters()["weight"]});
    CHECK(torch::allclose(gw[0], g_ref[1], 1e-12, 1e-12));
    // float32 (the direct loops where they run) against the float64 gradients.
    ours->to(torch::kFloat32);
    const auto x32 = x.clone().requires_grad_(true);
    const auto g32 = torch::autograd::grad({(ours->forward(x32) * up.to(torch::kFloat32)).sum()},
                                           {x32, ours->named_parameters()["weight"], ours->named_parameters()["bias"]});
    for (int i = 0; i < 3; ++i) {
      INFO("float32 gradient " << i << " (input, weight, bias)");
      CHECK(torch::allclose(g32[i].to(torch::kFloat64), g_ref[i], 1e-4, 1e-4));
    }
  }
}

TEST_CASE("the direct convolution loops equal LibTorch's convolution and its weight gradient") {
  if (!direct_conv_available()) {
    WARN("no AVX-512F (or ATEN_CPU_CAPABILITY pins it off): the direct loops do not run here");
    return;
  }
  // Reference: LibTorch's convolution in float64 on the same float32 values. Channels 1-8 (one
  // register block each), kernels 1-7, dilations 1-3, widths with a partial last vector (13, 37)
  // and with several 64-float blocks (80), a batch of 3.
  torch::manual_seed(9);
  struct Case { std::int64_t C, O, K, d, H, W; };
  for (const Case t : {Case{1, 5, 5, 1, 16, 16}, Case{2, 5, 5, 2, 9, 13}, Case{5, 5, 5, 3, 7, 37}, Case{5, 2, 5, 1, 5, 80},
                       Case{5, 1, 3, 2, 6, 20}, Case{3, 8, 7, 1, 4, 19}, Case{4, 6, 1, 1, 3, 17}, Case{5, 7, 5, 1, 2, 64}}) {
    INFO("C=" << t.C << " O=" << t.O << " K=" << t.K << " d=" << t.d << " H=" << t.H << " W=" << t.W);
    const auto reach = (t.K - 1) * t.d;
    const auto xp = torch::randn({3, t.C, t.H + reach, t.W + reach}), w = torch::randn({t.O, t.C, t.K, t.K}),
               b = torch::randn({t.O});
    REQUIRE(direct_conv_applies(xp, w, t.d));
    const std::int64_t one[] = {1, 1}, zero[] = {0, 0}, dil[] = {t.d, t.d};
    const auto x64 = xp.to(torch::kFloat64), w64 = w.to(torch::kFloat64);
    const auto ref = torch::conv2d(x64, w64, b.to(torch::kFloat64), one, zero, dil);
    const auto ours = direct_conv2d(xp, w, b, t.d);
    REQUIRE(ours.sizes() == ref.sizes());
    // float32 sums of C K^2 terms against float64's.
    CHECK(torch::allclose(ours.to(torch::kFloat64), ref, 1e-5, 1e-5));
    CHECK(torch::equal(direct_conv2d(xp, w, b, t.d), ours));  // the same bits again
    const auto go = torch::randn(ref.sizes());
    const std::int64_t bias_size[] = {t.O};
    const auto gw_ref = std::get<1>(at::convolution_backward(go.to(torch::kFloat64), x64, w64, bias_size, one, zero, dil,
                                                             false, zero, 1, {false, true, false}));
    const auto gw = direct_conv2d_weight_grad(go, xp, t.K, t.d);
    REQUIRE(gw.sizes() == gw_ref.sizes());
    CHECK(torch::allclose(gw.to(torch::kFloat64), gw_ref, 1e-5, 1e-4));
  }
  // A non-contiguous (channels_last) input gives the same values; 9 output channels are not taken.
  const auto xp = torch::randn({2, 5, 20, 20}), w = torch::randn({5, 5, 5, 5});
  CHECK(torch::equal(direct_conv2d(xp.contiguous(torch::MemoryFormat::ChannelsLast), w, {}, 2), direct_conv2d(xp, w, {}, 2)));
  CHECK_FALSE(direct_conv_applies(xp, torch::randn({9, 5, 5, 5}), 1));
  CHECK_FALSE(direct_conv_applies(xp.to(torch::kFloat64), w.to(torch::kFloat64), 1));
  CHECK_THROWS(direct_conv2d(torch::randn({2, 5, 4, 4}), w, {}, 1));  // smaller than the kernel's reach
}

TEST_CASE("FusedAdam takes torch::optim::Adam's steps and keeps its state (save, load, resume)") {
  torch::manual_seed(11);
  const auto w0 = torch::randn({300, 7}), b0 = torch::randn({7});
  auto a = std::vector<torch::Tensor>{w0.clone().requires_grad_(true), b0.clone().requires_grad_(true)};
  auto f = std::vector<torch::Tensor>{w0.clone().requires_grad_(true), b0.clone().requires_grad_(true)};
  const auto opts = torch::optim::AdamOptions(1e-2).betas({0.9, 0.999}).eps(1e-8);
  torch::optim::Adam ref(a, opts);
  FusedAdam ours(f, opts);
  const auto x = torch::randn({64, 300});
  auto loss = [&x](const std::vector<torch::Tensor>& p) { return (torch::tanh(x.matmul(p[0]) + p[1]) - 0.3).pow(2).mean(); };
  for (int k = 0; k < 20; ++k) {
    ref.zero_grad();
    loss(a).backward();
    ref.step();
    ours.clear_grads();
    CHECK(!f[0].grad().defined());
    loss(f).backward();
    ours.step();
  }
  // The same update per element; float rounding of a fused expression differs in the last bits.
  CHECK(torch::allclose(f[0], a[0], 1e-5, 1e-6));
  CHECK(torch::allclose(f[1], a[1], 1e-5, 1e-6));
  CHECK((f[0] - w0).abs().max().item<float>() > 0.05f);  // the steps did move the weights
  // Its state serialises as Adam's: a resumed FusedAdam continues bit for bit.
  std::stringstream bytes;
  torch::serialize::OutputArchive out;
  ours.save(out);
  out.save_to(bytes);
  auto g = std::vector<torch::Tensor>{f[0].detach().clone().requires_grad_(true), f[1].detach().clone().requires_grad_(true)};
  FusedAdam resumed(g, opts);
  torch::serialize::InputArchive in;
  in.load_from(bytes);
  resumed.load(in);
  for (auto* o : {&ours, &resumed}) {
    auto& p = o == &ours ? f : g;
    o->clear_grads();
    loss(p).backward();
    o->step();
  }
  CHECK(torch::equal(f[0], g[0]));
  CHECK(torch::equal(f[1], g[1]));
  CHECK_THROWS(FusedAdam({torch::zeros({2}, torch::requires_grad())}, torch::optim::AdamOptions(1e-3).weight_decay(0.1)));
  // Parameters it does not fuse (float64 here; a CUDA device the same) take LibTorch's own step.
  auto d0 = std::vector<torch::Tensor>{w0.to(torch::kFloat64).requires_grad_(true)};
  auto d1 = std::vector<torch::Tensor>{w0.to(torch::kFloat64).requires_grad_(true)};
  torch::optim::Adam ref64(d0, opts);
  FusedAdam ours64(d1, opts);
  for (int k = 0; k < 3; ++k) {
    ref64.zero_grad();
    torch::tanh(x.to(torch::kFloat64).matmul(d0[0])).sum().backward();
    ref64.step();
    ours64.clear_grads();
    torch::tanh(x.to(torch::kFloat64).matmul(d1[0])).sum().backward();
    ours64.step();
  }
  CHECK(torch::equal(d0[0], d1[0]));
}

TEST_CASE("every architecture maps [B, C, n, n] to [B, P] in (0, 1) at n = 32, 64, 128, P = 4 (GM) and 3") {
  for (const char* arch : {"mlp", "cnn_l1_none", "cnn_l2_dilated", "cnn_l2_maxpool", "cnn_l4_dilated", "cnn_l4_maxpool",
                           "cnn_l1_maxpool", "cnn_l4_none"})
    for (int n : {32, 64, 128})
      for (int c : {1, 2}) {
        const int np = c == 1 ? 4 : 3;  // Gierer-Meinhardt's 4 parameters; Schnakenberg's 3
        ModelSettings s;
        s.ranges.names = param_names(np == 4 ? kinetics_id<Murray> : kinetics_id<Schnakenberg>);
        s.ranges.lo.assign(static_cast<std::size_t>(np), 0.0);
        s.ranges.hi.assign(static_cast<std::size_t>(np), 1.0);
        s.arch = arch;
        s.grid = n;
        s.inputs = c == 1 ? std::vector<std::string>{"u"} : std::vector<std::string>{"u", "v"};
        s.mlp_hidden = {1024, 512, 128};
        torch::manual_seed(0);
        PressNet net(s);
        net->eval();
        const auto y = net->forward(torch::rand({2, c, n, n}));
        INFO(arch << " n=" << n << " C=" << c);
        CHECK(y.sizes() == torch::IntArrayRef({2, np}));
        CHECK((y > 0).all().item<bool>());
        CHECK((y < 1).all().item<bool>());
      }
  CHECK(ArchSpec::parse("cnn_l4_maxpool").name() == "cnn_l4_maxpool");
  CHECK_THROWS_WITH(ArchSpec::parse("cnn_4_maxpool"), Catch::Contains("expected mlp or cnn_l<L>"));
  CHECK_THROWS_WITH(ArchSpec::parse("cnn_l2_avgpool"), Catch::Contains("cnn_l2_avgpool"));
}

TEST_CASE("Schnakenberg, Brusselator, Lengyel-Epstein: the loss's residual equals a pixel loop and the fit's") {
  // The reaction terms written out here by hand (not through kinetics.hpp), the 5-point Laplacian
  // by explicit neighbours; D = (1, d). Three implementations must agree.
  const Fields f = random_fields(5, false);
  const int n = f.n;
  const double dx = 0.7;
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  struct Sys {
    KineticsId k;
    Params th;
    double (*f)(double, double, const Params&);
    double (*g)(double, double, const Params&);
  };
  const Sys systems[] = {
      {kinetics_id<Schnakenberg>, {0.3, 1.2, 40.0}, [](double u, double v, const Params& p) { return p[0] - u + u * u * v; },
       [](double u, double v, const Params& p) { return p[1] - u * u * v; }},
      {kinetics_id<Brusselator>, {1.1, 2.4, 30.0},
       [](double u, double v, const Params& p) { return p[0] - (p[1] + 1) * u + u * u * v; },
       [](double u, double v, const Params& p) { return p[1] * u - u * u * v; }},
      {kinetics_id<LengyelEpstein>, {11.0, 5.0, 25.0},
       [](double u, double v, const Params& p) { return p[0] - u - 4 * u * v / (1 + u * u); },
       [](double u, double v, const Params& p) { return p[1] * (u - u * v / (1 + u * u)); }},
  };
  for (const Sys& sys : systems) {
    INFO(kinetics_name(sys.k));
    PhysicsOptions o;
    o.dx = dx;
    o.kinetics = sys.k;
    o.laplacian = LaplacianKind::fd;
    ParamRanges box;
    box.names = param_names(sys.k);
    box.lo = {1e-3, 1e-3, 1e-3};
    box.hi = {100, 100, 100};
    FitSettings fs;
    fs.input = FitInput::uv;
    const PatternFitter fitter(n, o, box, fs);
    for (int s = 0; s < f.b; ++s) {
      std::vector<float> u(f.u.begin() + s * cells, f.u.begin() + (s + 1) * cells);
      std::vector<float> v(f.v.begin() + s * cells, f.v.begin() + (s + 1) * cells);
      std::vector<double> ud(u.begin(), u.end()), vd(v.begin(), v.end());
      auto lap = [&](const std::vector<double>& x, int i, int j) {
        auto at = [&](int a, int b) { return x[static_cast<std::size_t>((a + n) % n) * n + (b + n) % n]; };
        return (at(i + 1, j) + at(i - 1, j) + at(i, j + 1) + at(i, j - 1) - 4 * at(i, j)) / (dx * dx);
      };
      double ref = 0;
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
          const double a = ud[static_cast<std::size_t>(i) * n + j], b = vd[static_cast<std::size_t>(i) * n + j];
          const double ru = lap(ud, i, j) + sys.f(a, b, sys.th), rv = sys.th[2] * lap(vd, i, j) + sys.g(a, b, sys.th);
          ref += (ru * ru + rv * rv) / static_cast<double>(cells);
        }
      const double th[3] = {sys.th[0], sys.th[1], sys.th[2]};
      const auto rr = residual_per_sample(field_tensor(ud, 1, n), field_tensor(vd, 1, n),
                                          torch::from_blob(const_cast<double*>(th), {1, 3}, torch::kFloat64), o);
      CHECK(rr.item<double>() == Approx(ref).epsilon(1e-12));
      CHECK(fitter.residual(u.data(), v.data(), sys.th, LaplacianKind::fd) == Approx(ref).epsilon(1e-10));
    }
  }
}

// cuFFT backend. The whole batch lives on the GPU as one field array [2B][n*n] (the B u-fields,
// then the B v-fields), so a step is: one fused reaction kernel (u += dt f, v += dt g, and the
// early-stop copy when due), one batched R2C over all 2B fields, one kernel applying the
// per-sample implicit-diffusion factors, and one batched C2R. Samples that stop (early stop or
// blow-up) are snapshotted to the host at that step and keep running harmlessly until the batch
// ends, so no sample depends on its batch-mates. The reaction kernel is templated on the
// kinetics (kinetics.hpp), one instantiation per system. Initial conditions come from the host, keyed by
// (seed, id) exactly as for the FFTW backend; the divisors are computed on the host in double
// exactly as there, and --fmad=false keeps the reaction arithmetic identical to the CPU's.
#include <cuda_runtime.h>
#include <cufft.h>
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "press/core/error.hpp"
#include "press/sim/gpu_probe.hpp"
#include "press/sim/solver.hpp"

namespace press {
namespace {

void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) fail("CUDA: {}: {}", what, cudaGetErrorString(e));
}
// After every kernel launch (a launch error is reported at once, never later from memory that the
// kernel did not write): tests/cli/gpu_ready.sh checks that each launch is followed by one.
void launch_check(const char* kernel) { cuda_check(cudaGetLastError(), kernel); }
void cufft_check(cufftResult r, const char* what) {
  if (r != CUFFT_SUCCESS) fail("cuFFT: {}: error {}", what, static_cast<int>(r));
}

template <typename Real> struct Cufft;
template <> struct Cufft<float> {
  using Complex = cufftComplex;
  static constexpr cufftType kR2C = CUFFT_R2C, kC2R = CUFFT_C2R;
  static cufftResult fwd(cufftHandle p, float* in, Complex* out) { return cufftExecR2C(p, in, out); }
  static cufftResult inv(cufftHandle p, Complex* in, float* out) { return cufftExecC2R(p, in, out); }
};
template <> struct Cufft<double> {
  using Complex = cufftDoubleComplex;
  static constexpr cufftType kR2C = CUFFT_D2Z, kC2R = CUFFT_Z2D;
  static cufftResult fwd(cufftHandle p, double* in, Complex* out) { return cufftExecD2Z(p, in, out); }
  static cufftResult inv(cufftHandle p, Complex* in, double* out) { return cufftExecZ2D(p, in, out); }
};

template <typename T>
struct DevBuf {
  T* p = nullptr;
  explicit DevBuf(std::size_t n) { cuda_check(cudaMalloc(&p, std::max<std::size_t>(n, 1) * sizeof(T)), "cudaMalloc"); }
  ~DevBuf() { cudaFree(p); }
  DevBuf(const DevBuf&) = delete;
  DevBuf& operator=(const DevBuf&) = delete;
};

// Reaction update in place for all B samples of the kinetics Sys (coefficients coef[kMaxParams
// per sample]); on check steps also keep u's pre-step copy. Launched on a 2-D grid, blockIdx.y =
// sample, so no thread divides its index by the field size.
template <typename Sys, typename Real>
__global__ void reaction_kernel(Real* __restrict__ fields, Real* __restrict__ u_prev, const Real* __restrict__ coef,
                                int batch, long cells, Real dt, Real v_floor, bool keep_prev) {
  const int smp = blockIdx.y;
  Real k[kMaxParams];
  for (int j = 0; j < kMaxParams; ++j) k[j] = coef[kMaxParams * smp + j];
  const long base = static_cast<long>(smp) * cells, v_base = (static_cast<long>(batch) + smp) * cells;
  for (long j = blockIdx.x * static_cast<long>(blockDim.x) + threadIdx.x; j < cells;
       j += static_cast<long>(gridDim.x) * blockDim.x) {
    Real* u = fields + base + j;
    Real* v = fields + v_base + j;
    const Real a = *u, b = *v;
    if (keep_prev) u_prev[base + j] = a;
    *u = a + dt * Sys::f(a, b, k, v_floor);
    *v = b + dt * Sys::g(a, b, k, v_floor);
  }
}

// Multiply every mode of every field by that field's factor table (divisor and 1/N^2 folded in).
template <typename Real, typename Complex>
__global__ void scale_kernel(Complex* __restrict__ spec, const Real* __restrict__ factor, long total) {
  for (long i = blockIdx.x * static_cast<long>(blockDim.x) + threadIdx.x; i < total;
       i += static_cast<long>(gridDim.x) * blockDim.x) {
    const Real f = factor[i];
    spec[i].x *= f;
    spec[i].y *= f;
  }
}

// Per sample: max|u - u_prev|, max(|u|,|v|), and whether all values are finite.
template <typename Real>
__global__ void check_kernel(const Real* __restrict__ fields, const Real* __restrict__ u_prev, int batch, long cells,
                             Real* __restrict__ change, Real* __restrict__ peak, int* __restrict__ finite) {
  __shared__ Real s_change[256], s_peak[256];
  __shared__ int s_fin[256];
  const int smp = blockIdx.x;
  const Real* u = fields + smp * cells;
  const Real* v = fields + (static_cast<long>(batch) + smp) * cells;
  const Real* up = u_prev + smp * cells;
  Real c = 0, p = 0;
  int fin = 1;
  for (long i = threadIdx.x; i < cells; i += blockDim.x) {
    const Real a = u[i], b = v[i];
    fin &= isfinite(a) && isfinite(b);
    c = fmax(c, fabs(a - up[i]));
    p = fmax(p, fmax(fabs(a), fabs(b)));
  }
  s_change[threadIdx.x] = c;
  s_peak[threadIdx.x] = p;
  s_fin[threadIdx.x] = fin;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (threadIdx.x < w) {
      s_change[threadIdx.x] = fmax(s_change[threadIdx.x], s_change[threadIdx.x + w]);
      s_peak[threadIdx.x] = fmax(s_peak[threadIdx.x], s_peak[threadIdx.x + w]);
      s_fin[threadIdx.x] &= s_fin[threadIdx.x + w];
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    change[smp] = s_change[0];
    peak[smp] = s_peak[0];
    finite[smp] = s_fin[0];
  }
}

int grid_for(long n) { return static_cast<int>(std::min<long>((n + 255) / 256, 65535L * 8)); }

template <typename Real>
class CudaSolver final : public Solver<Real> {
  using CF = Cufft<Real>;
  using Complex = typename CF::Complex;

 public:
  explicit CudaSolver(const SimSettings& st)
      : st_(st), cells_(static_cast<long>(st.n) * st.n), modes_(static_cast<long>(st.n) * (st.n / 2 + 1)),
        control_(st, static_cast<std::size_t>(cells_)) {
    const GpuProbe probe = probe_gpu();
    if (probe.state != GpuState::usable) fail("solver 'gpu': {}", probe.why);
    // Create the CUDA context and load cuFFT now, outside the solver's timed run.
    cuda_check(cudaFree(nullptr), "create the CUDA context");
    cufftHandle warm;
    cufft_check(cufftPlan2d(&warm, 8, 8, CF::kR2C), "load cuFFT");
    cufftDestroy(warm);
  }
  std::string name() const override { return "gpu"; }

  void run(const Params* params, std::int64_t count, Real* u, Real* v, SampleResult* out,
           const SolverProgress& progress, const FrameSink<Real>& frames) override {
    // Bound device memory: chunks of at most kMaxBatch samples, each one batched plan.
    constexpr std::int64_t kMaxBatch = 4096;
    for (std::int64_t first = 0; first < count; first += kMaxBatch) {
      const std::int64_t b = std::min(kMaxBatch, count - first);
      run_batch(params + first, static_cast<int>(b), u + first * cells_, v + first * cells_, out + first,
                [&](std::int64_t done) { if (progress) progress(first + done); },
                frames ? FrameSink<Real>([&](std::int64_t i, std::int64_t k, const Real* fu, const Real* fv) {
                  frames(first + i, k, fu, fv);
                })
                       : FrameSink<Real>());
    }
  }

 private:
  void run_batch(const Params* params, int B, Real* u, Real* v, SampleResult* out, const SolverProgress& progress,
                 const FrameSink<Real>& frames) {
    const long fcells = 2L * B * cells_, fmodes = 2L * B * modes_;
    DevBuf<Real> fields(fcells), u_prev(static_cast<std::size_t>(B) * cells_), factor(fmodes), coef(kMaxParams * B);
    DevBuf<Complex> spec(fmodes);
    DevBuf<Real> d_change(B), d_peak(B);
    DevBuf<int> d_fin(B);

    // Per-sample kinetics and divisor tables, computed on the host exactly as the FFTW backend does.
    std::vector<Real> h_coef(static_cast<std::size_t>(kMaxParams) * B), h_factor(fmodes), h_lap(fmodes);
    for (int i = 0; i < B; ++i) {
      const auto k = coefficients(st_.kinetics, params[i]);
      for (int j = 0; j < kMaxParams; ++j) h_coef[static_cast<std::size_t>(kMaxParams) * i + j] = static_cast<Real>(k[j]);
      control_.diffusion_factors(diffusion_ratio(st_.kinetics, params[i]), h_factor.data() + i * modes_,
                                 h_factor.data() + (B + i) * modes_);
      control_.laplacian_factors(h_lap.data() + i * modes_);
      control_.laplacian_factors(h_lap.data() + (B + i) * modes_);
    }
    cuda_check(cudaMemcpy(coef.p, h_coef.data(), h_coef.size() * sizeof(Real), cudaMemcpyHostToDevice), "upload coef");
    cuda_check(cudaMemcpy(factor.p, h_factor.data(), h_factor.size() * sizeof(Real), cudaMemcpyHostToDevice), "upload factors");
    cuda_check(cudaMemcpy(fields.p, u, B * cells_ * sizeof(Real), cudaMemcpyHostToDevice), "upload u");
    cuda_check(cudaMemcpy(fields.p + B * cells_, v, B * cells_ * sizeof(Real), cudaMemcpyHostToDevice), "upload v");

    cufftHandle fwd, inv;
    int dims[2] = {st_.n, st_.n};
    cufft_check(cufftPlanMany(&fwd, 2, dims, nullptr, 1, 0, nullptr, 1, 0, CF::kR2C, 2 * B), "plan R2C");
    cufft_check(cufftPlanMany(&inv, 2, dims, nullptr, 1, 0, nullptr, 1, 0, CF::kC2R, 2 * B), "plan C2R");
    struct Plans { cufftHandle a, b; ~Plans() { cufftDestroy(a); cufftDestroy(b); } } plans{fwd, inv};

    const Real dt = static_cast<Real>(st_.dt), vf = static_cast<Real>(st_.v_floor);
    std::vector<char> done(B, 0);
    std::vector<Real> change(B), peak(B);
    std::vector<int> fin(B);
    int n_done = 0;
    auto snapshot = [&](int i, std::int64_t steps) {
      cuda_check(cudaMemcpy(u + i * cells_, fields.p + i * cells_, cells_ * sizeof(Real), cudaMemcpyDeviceToHost), "download u");
      cuda_check(cudaMemcpy(v + i * cells_, fields.p + (B + i) * cells_, cells_ * sizeof(Real), cudaMemcpyDeviceToHost), "download v");
      out[i].steps = steps;
      done[i] = 1;
      ++n_done;
    };
    // Frames as the CPU backends send them: step 0, then every frame_every steps after the step and
    // before its stop check, none for a sample once it has stopped. One sample at a time through a
    // host buffer of one frame, so that host memory stays flat however long the trajectory.
    std::vector<Real> fu(frames ? cells_ : 0), fv(fu.size());
    auto send_frames = [&](std::int64_t step) {
      for (int i = 0; i < B; ++i) {
        if (done[i]) continue;
        cuda_check(cudaMemcpy(fu.data(), fields.p + i * cells_, cells_ * sizeof(Real), cudaMemcpyDeviceToHost), "download frame u");
        cuda_check(cudaMemcpy(fv.data(), fields.p + (B + i) * cells_, cells_ * sizeof(Real), cudaMemcpyDeviceToHost), "download frame v");
        frames(i, step / st_.frame_every, fu.data(), fv.data());
      }
    };
    if (frames) send_frames(0);
    for (std::int64_t step = 1; step <= st_.max_steps && n_done < B; ++step) {
      const bool check = control_.checks(step);
      with_kinetics(st_.kinetics, [&](auto sys) {
        reaction_kernel<decltype(sys), Real>
            <<<dim3(grid_for(cells_), B), 256>>>(fields.p, u_prev.p, coef.p, B, cells_, dt, vf, check);
        launch_check("reaction kernel");
      });
      cufft_check(CF::fwd(fwd, fields.p, spec.p), "exec R2C");
      scale_kernel<Real, Complex><<<grid_for(fmodes), 256>>>(spec.p, factor.p, fmodes);
      launch_check("diffusion scale kernel");
      cufft_check(CF::inv(inv, spec.p, fields.p), "exec C2R");
      if (frames && st_.frame_at(step)) send_frames(step);
      if (!check) continue;
      check_kernel<Real><<<B, 256>>>(fields.p, u_prev.p, B, cells_, d_change.p, d_peak.p, d_fin.p);
      launch_check("early-stop check kernel");
      cuda_check(cudaMemcpy(change.data(), d_change.p, B * sizeof(Real), cudaMemcpyDeviceToHost), "download check");
      cuda_check(cudaMemcpy(peak.data(), d_peak.p, B * sizeof(Real), cudaMemcpyDeviceToHost), "download check");
      cuda_check(cudaMemcpy(fin.data(), d_fin.p, B * sizeof(int), cudaMemcpyDeviceToHost), "download check");
      for (int i = 0; i < B; ++i) {
        if (done[i]) continue;
        if (control_.stops(change[i], peak[i], fin[i] != 0) || step == st_.max_steps) snapshot(i, step);
      }
      if (progress) progress(static_cast<std::int64_t>(B) * step / st_.max_steps);
    }

    // Final diagnostics from the spectral Laplacians of the snapshots, computed here in one batch.
    cuda_check(cudaMemcpy(fields.p, u, B * cells_ * sizeof(Real), cudaMemcpyHostToDevice), "upload final u");
    cuda_check(cudaMemcpy(fields.p + B * cells_, v, B * cells_ * sizeof(Real), cudaMemcpyHostToDevice), "upload final v");
    cuda_check(cudaMemcpy(factor.p, h_lap.data(), h_lap.size() * sizeof(Real), cudaMemcpyHostToDevice), "upload lap");
    cufft_check(CF::fwd(fwd, fields.p, spec.p), "exec R2C");
    scale_kernel<Real, Complex><<<grid_for(fmodes), 256>>>(spec.p, factor.p, fmodes);
    launch_check("Laplacian scale kernel");
    cufft_check(CF::inv(inv, spec.p, fields.p), "exec C2R");
    std::vector<Real> lap(fcells);
    cuda_check(cudaMemcpy(lap.data(), fields.p, fcells * sizeof(Real), cudaMemcpyDeviceToHost), "download lap");
    for (int i = 0; i < B; ++i)
      final_diagnostics(st_, params[i], u + i * cells_, v + i * cells_, lap.data() + i * cells_,
                        lap.data() + (B + i) * cells_, cells_, out[i]);
  }

  SimSettings st_;
  long cells_, modes_;
  StepControl control_;
};

}  // namespace

static_assert(cudaErrorNoDevice == 100, "gpu_probe.cpp's cudaErrorNoDevice");

GpuProbe probe_gpu() {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  void* driver = dlopen("libcuda.so.1", RTLD_NOW);  // (the runtime has usually loaded it already)
  bool driver_loads = driver != nullptr;
  if (driver) dlclose(driver);
  if (const char* inject = std::getenv("PRESS_GPU_PROBE_ERROR"); inject && *inject) e = static_cast<cudaError_t>(std::atoi(inject));
  if (const char* inject = std::getenv("PRESS_GPU_PROBE_DRIVER"); inject && *inject)
    driver_loads = std::strcmp(inject, "present") == 0;
  return classify_gpu_probe(static_cast<int>(e), cudaGetErrorString(e), n, driver_loads);
}

template <typename Real>
std::unique_ptr<Solver<Real>> make_cuda_solver(const SimSettings& st) {
  return std::make_unique<CudaSolver<Real>>(st);
}
template std::unique_ptr<Solver<float>> make_cuda_solver<float>(const SimSettings&);
template std::unique_ptr<Solver<double>> make_cuda_solver<double>(const SimSettings&);

}  // namespace press

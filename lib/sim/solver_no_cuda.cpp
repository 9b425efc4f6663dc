// The cuFFT backend's entry points in a build without CUDA (CMake compiles this file instead of
// solver_cuda.cu): the GPU solver is an error naming the cause, and no device is available.
#include "press/core/error.hpp"
#include "press/sim/gpu_probe.hpp"
#include "press/sim/solver.hpp"

namespace press {

template <typename Real>
std::unique_ptr<Solver<Real>> make_cuda_solver(const SimSettings&) {
  fail("solver 'gpu': this build has no CUDA backend (no CUDA compiler was found at configure time)");
}
template std::unique_ptr<Solver<float>> make_cuda_solver<float>(const SimSettings&);
template std::unique_ptr<Solver<double>> make_cuda_solver<double>(const SimSettings&);

GpuProbe probe_gpu() { return {GpuState::absent, "built without CUDA"}; }


}  // namespace press

#include "press/sim/gpu_probe.hpp"

#include <fmt/format.h>

namespace press {

GpuProbe classify_gpu_probe(int cuda_error, const std::string& message, int device_count, bool driver_loads) {
  constexpr int kNoDevice = 100;  // cudaErrorNoDevice (static_assert in solver_cuda.cu)
  if (cuda_error == 0)
    return device_count > 0 ? GpuProbe{GpuState::usable, ""} : GpuProbe{GpuState::absent, "no GPU visible"};
  if (cuda_error == kNoDevice) return {GpuState::absent, fmt::format("no GPU visible ({})", message)};
  if (!driver_loads) return {GpuState::absent, "no NVIDIA driver (libcuda.so.1 does not load)"};
  return {GpuState::broken, fmt::format("CUDA error {} with an NVIDIA driver present: {}", cuda_error, message)};
}

}  // namespace press

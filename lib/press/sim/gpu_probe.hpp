#pragma once
// Whether this machine can run the cuFFT backend: a usable GPU, none (the GPU tests skip), or a
// fault that must be reported (the tests fail with its message). A driver older than the CUDA
// runtime answers cudaGetDeviceCount with the same error (35, "insufficient driver") as a
// machine with no NVIDIA driver at all; only the second is "no GPU", so the driver library's
// presence decides.
#include <string>

namespace press {

enum class GpuState { usable, absent, broken };

struct GpuProbe {
  GpuState state = GpuState::absent;
  std::string why;  // for absent and broken: what was found
};

// The verdict on cudaGetDeviceCount's result: its error code and message, the device count, and
// whether the NVIDIA driver library (libcuda.so.1) loads. Pure, so that tests can give it any
// error. Absent: no error and no device, cudaErrorNoDevice (100), or no driver library.
// Broken: every other error (a driver/runtime mismatch, a device in a bad state, ...).
GpuProbe classify_gpu_probe(int cuda_error, const std::string& message, int device_count, bool driver_loads);

// The probe of this machine (a build without CUDA: absent). For tests of the verdict on a machine
// without a GPU, PRESS_GPU_PROBE_ERROR=<code> replaces cudaGetDeviceCount's error and
// PRESS_GPU_PROBE_DRIVER=present|absent the driver's presence.
GpuProbe probe_gpu();

}  // namespace press

#pragma once
// A pair of 2-D real FFTW plans (r2c and c2r, n x n) in precision Real, made once and executed
// on any buffers from fft_alloc (FFTW's thread-safe new-array interface). Wisdom, if a file is
// given, is imported before planning and written back (atomically) when planning added to it.
#include <fftw3.h>

#include <cstddef>
#include <memory>
#include <string>

namespace press {

template <typename Real> struct FftwTypes;
template <> struct FftwTypes<float> { using Complex = fftwf_complex; using Plan = fftwf_plan; };
template <> struct FftwTypes<double> { using Complex = fftw_complex; using Plan = fftw_plan; };

struct FftFree { void operator()(void* p) const; };
template <typename T> using FftBuffer = std::unique_ptr<T[], FftFree>;
template <typename T> FftBuffer<T> fft_alloc(std::size_t n);  // SIMD-aligned, as FFTW plans expect

template <typename Real>
class FftwPlan {
 public:
  using Complex = typename FftwTypes<Real>::Complex;
  // planner: estimate | measure | patient.
  FftwPlan(int n, const std::string& planner, const std::string& wisdom_file);
  ~FftwPlan();
  FftwPlan(const FftwPlan&) = delete;
  FftwPlan& operator=(const FftwPlan&) = delete;

  void forward(Real* in, Complex* out) const;  // unnormalised
  void inverse(Complex* in, Real* out) const;  // unnormalised; destroys `in`
  std::size_t cells() const { return static_cast<std::size_t>(n_) * n_; }
  std::size_t modes() const { return static_cast<std::size_t>(n_) * (n_ / 2 + 1); }

 private:
  int n_;
  typename FftwTypes<Real>::Plan fwd_{}, inv_{};
};

}  // namespace press

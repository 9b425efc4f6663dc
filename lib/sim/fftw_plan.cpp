#include "press/sim/fftw_plan.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"

namespace press {
namespace {

std::mutex g_planner_mutex;  // FFTW's planner (and wisdom) is not thread-safe

unsigned planner_flag(const std::string& s) {
  if (s == "estimate") return FFTW_ESTIMATE;
  if (s == "measure") return FFTW_MEASURE;
  if (s == "patient") return FFTW_PATIENT;
  fail("simulate.fftw_planner: value '{}': expected estimate, measure or patient", s);
}

// The float and double FFTW APIs differ only by prefix.
template <typename Real> struct Api;
template <> struct Api<float> {
  static auto r2c(int n, float* i, fftwf_complex* o, unsigned f) { return fftwf_plan_dft_r2c_2d(n, n, i, o, f); }
  static auto c2r(int n, fftwf_complex* i, float* o, unsigned f) { return fftwf_plan_dft_c2r_2d(n, n, i, o, f); }
  static void exec(fftwf_plan p, float* i, fftwf_complex* o) { fftwf_execute_dft_r2c(p, i, o); }
  static void exec(fftwf_plan p, fftwf_complex* i, float* o) { fftwf_execute_dft_c2r(p, i, o); }
  static void destroy(fftwf_plan p) { fftwf_destroy_plan(p); }
  static int import_wisdom(const char* f) { return fftwf_import_wisdom_from_filename(f); }
  static char* export_wisdom() { return fftwf_export_wisdom_to_string(); }
};
template <> struct Api<double> {
  static auto r2c(int n, double* i, fftw_complex* o, unsigned f) { return fftw_plan_dft_r2c_2d(n, n, i, o, f); }
  static auto c2r(int n, fftw_complex* i, double* o, unsigned f) { return fftw_plan_dft_c2r_2d(n, n, i, o, f); }
  static void exec(fftw_plan p, double* i, fftw_complex* o) { fftw_execute_dft_r2c(p, i, o); }
  static void exec(fftw_plan p, fftw_complex* i, double* o) { fftw_execute_dft_c2r(p, i, o); }
  static void destroy(fftw_plan p) { fftw_destroy_plan(p); }
  static int import_wisdom(const char* f) { return fftw_import_wisdom_from_filename(f); }
  static char* export_wisdom() { return fftw_export_wisdom_to_string(); }
};

}  // namespace

void FftFree::operator()(void* p) const { fftw_free(p); }

template <typename T>
FftBuffer<T> fft_alloc(std::size_t n) {
  auto* p = static_cast<T*>(fftw_malloc(std::max<std::size_t>(n, 1) * sizeof(T)));
  if (!p) throw std::bad_alloc();
  return FftBuffer<T>(p);
}
template FftBuffer<float> fft_alloc<float>(std::size_t);
template FftBuffer<double> fft_alloc<double>(std::size_t);
template FftBuffer<fftwf_complex> fft_alloc<fftwf_complex>(std::size_t);
template FftBuffer<fftw_complex> fft_alloc<fftw_complex>(std::size_t);

template <typename Real>
FftwPlan<Real>::FftwPlan(int n, const std::string& planner, const std::string& wisdom) : n_(n) {
  const unsigned flag = planner_flag(planner);
  std::lock_guard<std::mutex> lk(g_planner_mutex);
  // A missing file just means "plan fresh"; an existing one must be wisdom, since it is
  // rewritten after planning (it could be any file the user named by mistake).
  if (!wisdom.empty() && std::filesystem::exists(wisdom) && !Api<Real>::import_wisdom(wisdom.c_str()))
    fail("--wisdom {}: not FFTW wisdom (or wisdom of another FFTW): expected a wisdom file written by simulate, or "
         "a new path",
         wisdom);
  std::unique_ptr<char, decltype(&std::free)> before(Api<Real>::export_wisdom(), &std::free);
  auto r = fft_alloc<Real>(cells());  // MEASURE overwrites its arrays, so plan on scratch
  auto c = fft_alloc<Complex>(modes());
  fwd_ = Api<Real>::r2c(n, r.get(), c.get(), flag);
  inv_ = Api<Real>::c2r(n, c.get(), r.get(), flag);
  if (!fwd_ || !inv_) fail("FFTW: could not create {}x{} plans", n, n);
  std::unique_ptr<char, decltype(&std::free)> after(Api<Real>::export_wisdom(), &std::free);
  if (!wisdom.empty() && std::strcmp(before.get(), after.get()) != 0) write_text_atomic(wisdom, after.get());
}

template <typename Real>
FftwPlan<Real>::~FftwPlan() {
  std::lock_guard<std::mutex> lk(g_planner_mutex);
  Api<Real>::destroy(fwd_);
  Api<Real>::destroy(inv_);
}

template <typename Real>
void FftwPlan<Real>::forward(Real* in, Complex* out) const { Api<Real>::exec(fwd_, in, out); }
template <typename Real>
void FftwPlan<Real>::inverse(Complex* in, Real* out) const { Api<Real>::exec(inv_, in, out); }

template class FftwPlan<float>;
template class FftwPlan<double>;

}  // namespace press

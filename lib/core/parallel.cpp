#include "press/core/parallel.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace press {

int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned hc = std::thread::hardware_concurrency();
  return hc > 0 ? static_cast<int>(hc) : 1;
}

void parallel_for(std::int64_t n, int threads, const std::function<void(std::int64_t, int)>& fn) {
  std::atomic<std::int64_t> next{0};
  std::exception_ptr err;
  std::mutex err_mu;
  auto work = [&](int w) {
    for (std::int64_t i; (i = next.fetch_add(1)) < n;) {
      try {
        fn(i, w);
      } catch (...) {
        std::lock_guard<std::mutex> lk(err_mu);
        if (!err) err = std::current_exception();
        next = n;
      }
    }
  };
  const int t = static_cast<int>(std::min<std::int64_t>(threads, std::max<std::int64_t>(n, 1)));
  std::vector<std::thread> pool;
  for (int w = 1; w < t; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& th : pool) th.join();
  if (err) std::rethrow_exception(err);
}

}  // namespace press

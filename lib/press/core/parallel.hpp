#pragma once
// Run fn(i) for i in [0, n) on `threads` workers, dynamically scheduled. Each index is
// independent, so results do not depend on the thread count or schedule. The first exception
// thrown by any worker is rethrown on the caller's thread.
#include <cstdint>
#include <functional>

namespace press {

int resolve_threads(int requested);  // 0 = hardware concurrency
void parallel_for(std::int64_t n, int threads, const std::function<void(std::int64_t i, int worker)>& fn);

}  // namespace press

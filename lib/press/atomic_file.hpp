#pragma once
// Outputs are written to "<path>.tmp.<pid>" and renamed into place only on commit(), so a
// killed or failed run never leaves a file under the final name. Uncommitted temporaries are
// removed by the destructor.
#include <string>

namespace press {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::string final_path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& tmp_path() const { return tmp_; }
  // fsync the temporary, then rename it over the final path. Throws press::Error on failure.
  void commit();

 private:
  std::string final_;
  std::string tmp_;
  bool committed_ = false;
};

// Write `text` to `path` atomically (used for CSV outputs).
void write_text_atomic(const std::string& path, const std::string& text);

}  // namespace press

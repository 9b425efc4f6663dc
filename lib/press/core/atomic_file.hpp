#pragma once
// Outputs are written to "<path>.tmp.<pid>" and renamed into place only on commit(), so a
// killed or failed run never leaves a file under the final name. Uncommitted temporaries are
// removed by the destructor.
#include <string>
#include <utility>
#include <vector>

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

// Several files, whole or nothing: every temporary is written (and checked) first, then all
// are renamed into place; a failure before the renames leaves none of them.
void write_texts_atomic(const std::vector<std::pair<std::string, std::string>>& files);

// A named path of a run: {"--out", "c.csv"}.
using NamedPath = std::pair<std::string, std::string>;

// Before any work: no output may be an input of the same run (the same file, or the same path
// if it does not exist yet), and no two outputs may be the same file; else press::Error naming
// both. Empty paths are skipped.
void refuse_outputs_on_inputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

}  // namespace press

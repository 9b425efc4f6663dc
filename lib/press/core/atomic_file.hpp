#pragma once
// Outputs are written to "<path>.tmp.<pid>" and renamed into place only on commit(), so a
// killed or failed run never leaves a file under the final name. Uncommitted temporaries are
// removed by the destructor.
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace press {

// The folders a run creates for its outputs (like Snakemake, press creates an output's missing
// folders). Unless keep() is called, the destructor removes those it created that are still
// empty: a failed run leaves no empty output folder behind. Creation errors are not thrown: they
// show, with the path, when the output file is opened.
class CreatedDirs {
 public:
  explicit CreatedDirs(const std::string& dir);
  ~CreatedDirs();
  CreatedDirs(const CreatedDirs&) = delete;
  CreatedDirs& operator=(const CreatedDirs&) = delete;
  void keep() { created_.clear(); }

 private:
  std::vector<std::string> created_;  // deepest first
};

class AtomicOutput {
 public:
  explicit AtomicOutput(std::string final_path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& tmp_path() const { return tmp_; }
  const std::string& final_path() const { return final_; }
  // Write `text` as the temporary's whole content (checked, closed). Throws press::Error.
  void write_text(const std::string& text) const;
  // fsync the temporary, then rename it over the final path. Throws press::Error on failure.
  void commit();

 private:
  std::string final_;
  std::string tmp_;
  CreatedDirs dirs_;  // destroyed after the temporary is removed
  bool committed_ = false;
};

// Several outputs, whole or nothing: each added output's temporary is written by the caller,
// then commit() renames them all into place; destroyed uncommitted, none is left (nor the
// folders they created).
class AtomicOutputs {
 public:
  AtomicOutputs() = default;
  ~AtomicOutputs();
  AtomicOutputs(const AtomicOutputs&) = delete;
  AtomicOutputs& operator=(const AtomicOutputs&) = delete;
  void add(const std::string& path);
  AtomicOutput& back() { return *outs_.back(); }
  void commit();

 private:
  std::vector<std::unique_ptr<AtomicOutput>> outs_;
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

#pragma once
// The split stage (DESIGN "split"): the first n_samples ok samples of the shards, in id order,
// that pass split.filter (none, or the authors' filter: pattern_filter.hpp) become dataset.h5;
// a fixed test set and nested train+val pools are drawn from them.
//   - order: every id gets a Philox key from (seed, id) (rng.hpp keyed_order); the n_test
//     smallest keys are the test set, the next pools.back() the pool sequence.
//   - pool P = the first P of that sequence, so 2000 ⊂ 4000 ⊂ 8000 ⊂ 16000.
//   - position i of the sequence is val when i % 4 == 3, train otherwise: each pool is exactly
//     3:1, and train and val are nested too.
// Lists are written as CSV (header "id", ascending ids) under DIR/splits/.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "press/data/pattern_filter.hpp"
#include "press/model/kinetics.hpp"
#include "press/io/shard_io.hpp"

namespace press {

class Config;
class Log;

struct SplitSettings {
  std::size_t n_samples = 0;
  std::size_t n_test = 0;
  std::vector<std::size_t> pools;  // ascending, multiples of 4
  std::uint32_t seed = 0;
  bool filter = false;  // split.filter: authors
  PatternFilter filter_rule;
  std::optional<KineticsId> kinetics;  // model.kinetics: the shards must hold this system
  std::string config;                  // the config's path, for errors
  static SplitSettings from_config(const Config& cfg);
};

struct PoolSplit {
  std::size_t size = 0;
  std::vector<std::uint64_t> train, val;  // ascending ids
};

struct Splits {
  std::vector<std::uint64_t> test;  // ascending ids
  std::vector<PoolSplit> pools;
};

// `ids`: the dataset's ids (exactly n_samples of them).
Splits make_splits(const std::vector<std::uint64_t>& ids, const SplitSettings& st);

// File names under the splits directory: test.csv, n{size}_train.csv, n{size}_val.csv.
std::string split_list_path(const std::string& splits_dir, const std::string& split, std::size_t pool = 0);
std::vector<std::uint64_t> read_id_list(const std::string& path);

struct SplitSummary {
  std::size_t shards = 0, samples_read = 0, ok = 0, used = 0;
  std::size_t dropped_flat = 0, dropped_smooth = 0;  // by split.filter, among the ok samples
  std::array<std::size_t, kStatusCount> by_status{};  // every sample read, by Status (also
                                                      // dataset.h5's simulated_<status> attributes)
};

// Gather, split and write DIR/dataset.h5 and DIR/splits/*.csv, whole or nothing: written into
// DIR/.split.tmp.PID/ (scratch of killed runs is removed), then swapped in with the old
// dataset.h5 removed first and the new one renamed in last (its presence means complete; the
// lists beside it are the ones written with it, and no list of a removed pool remains).
// Every ok sample is checked (finite parameters > 0, finite fields >= 0), and a shard may not
// be one of the outputs.
SplitSummary run_split(const SplitSettings& st, const std::vector<std::string>& shard_paths,
                       const std::string& out_dir, const Log& log);

// Rows of dataset.h5 for the ids of a split list, in list order. An id missing from the
// dataset is an error naming the list.
Shard<float> read_dataset_rows(const std::string& dataset, const std::vector<std::uint64_t>& ids,
                               const std::string& list_path, ShardAttrs* attrs = nullptr, bool with_fields = true);

}  // namespace press

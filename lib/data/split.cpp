#include "press/data/split.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/core/rng.hpp"

namespace press {

SplitSettings SplitSettings::from_config(const Config& cfg) {
  SplitSettings st;
  st.n_samples = static_cast<std::size_t>(cfg.get<long>("split.n_samples"));
  st.n_test = static_cast<std::size_t>(cfg.get<long>("split.n_test"));
  for (long p : cfg.get<std::vector<long>>("split.pools")) st.pools.push_back(static_cast<std::size_t>(p));
  st.seed = static_cast<std::uint32_t>(cfg.get<long>("seed"));
  st.filter = cfg.get<std::string>("split.filter") == "authors";
  st.filter_rule.min_std = cfg.get<double>("split.filter_min_std");
  st.filter_rule.min_roughness = cfg.get<double>("split.filter_min_roughness");
  st.kinetics = kinetics_from_string(cfg.get<std::string>("model.kinetics"));
  st.config = cfg.origin();
  return st;  // pools ascending multiples of 4 within n_samples - n_test: check_config_rules
}

Splits make_splits(const std::vector<std::uint64_t>& ids, const SplitSettings& st) {
  if (ids.size() != st.n_samples) throw std::logic_error("make_splits: expected n_samples ids");
  const auto order = keyed_order(st.seed, Stream::split, 0, ids);
  Splits out;
  for (std::size_t i = 0; i < st.n_test; ++i) out.test.push_back(ids[order[i]]);
  std::sort(out.test.begin(), out.test.end());
  for (std::size_t size : st.pools) {
    PoolSplit p;
    p.size = size;
    for (std::size_t i = 0; i < size; ++i) (i % 4 == 3 ? p.val : p.train).push_back(ids[order[st.n_test + i]]);
    std::sort(p.train.begin(), p.train.end());
    std::sort(p.val.begin(), p.val.end());
    out.pools.push_back(std::move(p));
  }
  return out;
}

std::string split_list_path(const std::string& splits_dir, const std::string& split, std::size_t pool) {
  if (split == "test") return splits_dir + "/test.csv";
  if (split != "train" && split != "val") throw std::logic_error("split_list_path: " + split);
  return fmt::format("{}/n{}_{}.csv", splits_dir, pool, split);
}

namespace {

void write_id_list(const std::string& path, const std::vector<std::uint64_t>& ids) {
  write_text_atomic(path, fmt::format("id\n{}\n", fmt::join(ids, "\n")));
}

}  // namespace

std::vector<std::uint64_t> read_id_list(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) fail("{}: cannot read split list: no such file or not readable", path);
  const CsvTable t = read_csv(path);
  if (t.header != std::vector<std::string>{"id"})
    fail("{}: line 1: header '{}': expected 'id'", path, fmt::join(t.header, ","));
  std::vector<std::uint64_t> ids;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::uint64_t v = t.id(r, 0);
    if (!ids.empty() && v <= ids.back())
      fail("{}: line {}: id {}: expected ids in strictly ascending order", path, t.lines[r], v);
    ids.push_back(v);
  }
  if (ids.empty()) fail("{}: no ids: expected at least one", path);
  return ids;
}

namespace {

// Every attribute that shaped the data must agree across shards (they come from one config).
void check_same_attrs(const ShardAttrs& first, const std::string& first_path, const ShardAttrs& a,
                      const std::string& path) {
  for (const auto& [k, v] : first.numbers) {
    auto it = a.numbers.find(k);
    if (it == a.numbers.end() || it->second != v)
      fail("{}: attribute '{}' = {}: expected {} as in {} (shards from different configs)", path, k,
           it == a.numbers.end() ? std::string("missing") : fmt::format("{}", it->second), v, first_path);
  }
  for (const auto& [k, v] : first.strings) {
    auto it = a.strings.find(k);
    if (it == a.strings.end() || it->second != v)
      fail("{}: attribute '{}' = {}: expected {} as in {} (shards from different configs)", path, k,
           it == a.strings.end() ? std::string("missing") : it->second, v, first_path);
  }
  // ... and the other way: an attribute the first shard lacks.
  for (const auto& [k, v] : a.numbers)
    if (!first.numbers.count(k))
      fail("{}: attribute '{}' = {}: expected none, as in {} (shards from different configs)", path, k, v, first_path);
  for (const auto& [k, v] : a.strings)
    if (!first.strings.count(k))
      fail("{}: attribute '{}' = {}: expected none, as in {} (shards from different configs)", path, k, v, first_path);
}

}  // namespace

namespace {

// An ok sample must hold what simulate writes: parameters finite and > 0, fields finite, u >= 0
// (the activator) and v >= 0. Anything else is a corrupt or foreign file.
void check_sample(const Shard<float>& sh, std::size_t i, const std::string& path, const std::vector<std::string>& names) {
  const Params& p = sh.params[i];
  for (int j = 0; j < p.size(); ++j)
    if (!(std::isfinite(p[j]) && p[j] > 0))
      fail("{}: id {}: parameter {} = {}: expected a finite number > 0", path, sh.id[i],
           names[static_cast<std::size_t>(j)], p[j]);
  const std::size_t cells = static_cast<std::size_t>(sh.n) * static_cast<std::size_t>(sh.n);
  for (const auto& [name, field] : {std::pair{"u", &sh.u}, std::pair{"v", &sh.v}})
    for (std::size_t k = i * cells; k < (i + 1) * cells; ++k) {
      const float x = (*field)[k];
      if (!(std::isfinite(x) && x >= 0))
        fail("{}: id {}: {} = {} at pixel ({}, {}): expected finite values >= 0 in an ok sample", path, sh.id[i], name,
             x, (k - i * cells) / sh.n, (k - i * cells) % sh.n);
    }
}

// Append row `i` of `src` to `dst`.
void append_row(Shard<float>& dst, const Shard<float>& src, std::size_t i) {
  const std::size_t cells = static_cast<std::size_t>(src.n) * static_cast<std::size_t>(src.n);
  dst.id.push_back(src.id[i]);
  dst.params.push_back(src.params[i]);
  dst.results.push_back(src.results[i]);
  dst.u.insert(dst.u.end(), src.u.begin() + static_cast<std::ptrdiff_t>(i * cells),
               src.u.begin() + static_cast<std::ptrdiff_t>((i + 1) * cells));
  dst.v.insert(dst.v.end(), src.v.begin() + static_cast<std::ptrdiff_t>(i * cells),
               src.v.begin() + static_cast<std::ptrdiff_t>((i + 1) * cells));
}

}  // namespace

SplitSummary run_split(const SplitSettings& st, const std::vector<std::string>& shard_paths,
                       const std::string& out_dir, const Log& log) {
  if (shard_paths.empty()) fail("no shards given: expected one or more simulation shards (HDF5)");
  for (const auto& p : shard_paths)
    for (const char* out : {"dataset.h5", "splits"}) {
      const auto target = std::filesystem::path(out_dir) / out;
      std::error_code ec;
      if (std::filesystem::equivalent(p, target, ec) ||
          (std::string(out) == "splits" && std::filesystem::path(p).parent_path() == target))
        fail("{}: an input of split is also its output {}: expected shards outside the outputs", p, target.string());
    }
  SplitSummary sum;
  sum.shards = shard_paths.size();
  // First pass, statuses only (cheap): fail on too few samples before reading any field.
  ShardAttrs attrs0;
  for (std::size_t s = 0; s < shard_paths.size(); ++s) {
    ShardAttrs attrs;
    const Shard<float> meta = read_shard<float>(shard_paths[s], &attrs, nullptr, false);
    if (s == 0) attrs0 = attrs;
    else check_same_attrs(attrs0, shard_paths[0], attrs, shard_paths[s]);
    if (const KineticsId k = grid_physics_of(attrs, shard_paths[s]).kinetics; st.kinetics && k != *st.kinetics)
      fail("{}: kinetics {}: expected {}'s model.kinetics {}", shard_paths[s], kinetics_name(k), st.config,
           kinetics_name(*st.kinetics));
    sum.samples_read += meta.count();
    for (const auto& r : meta.results) {
      sum.ok += r.status == Status::ok ? 1 : 0;
      ++sum.by_status.at(static_cast<std::size_t>(r.status));
    }
  }
  if (sum.ok < st.n_samples)
    fail("{} ok samples in {} shards: expected split.n_samples = {} ({} missing); simulate more candidates "
         "(sample_params.n_candidates) or lower split.n_samples",
         sum.ok, shard_paths.size(), st.n_samples, st.n_samples - sum.ok);
  // Second pass: the ok rows of every shard that pass the filter, in shard order.
  Shard<float> ok;
  std::vector<std::size_t> source;  // shard index of each row of `ok`
  const auto names = param_names(grid_physics_of(attrs0, shard_paths[0]).kinetics);
  Progress progress(log, "shards read", static_cast<std::int64_t>(shard_paths.size()), 5);
  for (std::size_t s = 0; s < shard_paths.size(); ++s) {
    const Shard<float> sh = read_shard<float>(shard_paths[s]);
    ok.n = sh.n;
    const std::size_t cells = static_cast<std::size_t>(sh.n) * static_cast<std::size_t>(sh.n);
    for (std::size_t i = 0; i < sh.count(); ++i) {
      if (sh.results[i].status != Status::ok) continue;
      check_sample(sh, i, shard_paths[s], names);
      if (st.filter) {
        const auto verdict = st.filter_rule(pattern_stats(&sh.u[i * cells], &sh.v[i * cells], static_cast<std::size_t>(sh.n)));
        if (verdict == FilterVerdict::flat) ++sum.dropped_flat;
        if (verdict == FilterVerdict::smooth) ++sum.dropped_smooth;
        if (verdict != FilterVerdict::keep) continue;
      }
      append_row(ok, sh, i);
      source.push_back(s);
    }
    progress.update(static_cast<std::int64_t>(s + 1));
  }
  if (st.filter)
    log.info("split.filter authors: of {} ok samples, dropped {} flat (std(u), std(v) <= {}) and {} smooth "
             "(roughness < {})",
             sum.ok, sum.dropped_flat, st.filter_rule.min_std, sum.dropped_smooth, st.filter_rule.min_roughness);
  if (ok.count() < st.n_samples)
    fail("{} ok samples in {} shards, {} after split.filter: expected split.n_samples = {} ({} missing); simulate "
         "more candidates (sample_params.n_candidates) or lower split.n_samples",
         sum.ok, shard_paths.size(), ok.count(), st.n_samples, st.n_samples - ok.count());
  std::vector<std::size_t> by_id(ok.count());
  for (std::size_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::sort(by_id.begin(), by_id.end(), [&](std::size_t x, std::size_t y) { return ok.id[x] < ok.id[y]; });
  for (std::size_t i = 1; i < by_id.size(); ++i)
    if (ok.id[by_id[i]] == ok.id[by_id[i - 1]])
      fail("{}: id {}: also in {}: expected each sample in exactly one shard", shard_paths[source[by_id[i]]],
           ok.id[by_id[i]], shard_paths[source[by_id[i - 1]]]);

  Shard<float> data;
  data.n = ok.n;
  for (std::size_t k = 0; k < st.n_samples; ++k) append_row(data, ok, by_id[k]);
  sum.used = data.count();
  const Splits splits = make_splits(data.id, st);

  // Whole or nothing: everything is written into a scratch directory beside the outputs, then
  // swapped in with dataset.h5 removed first and renamed in last, so a dataset.h5 always stands
  // beside the lists that were written with it, and lists of a removed pool do not survive.
  namespace fs = std::filesystem;
  CreatedDirs made(out_dir);  // taken back if the split fails
  if (!fs::is_directory(out_dir)) fail("--out-dir {}: cannot create the folder (a file in the way?)", out_dir);
  for (const auto& e : fs::directory_iterator(out_dir))  // scratch of killed runs
    if (e.path().filename().string().rfind(".split.tmp.", 0) == 0) fs::remove_all(e.path());
  struct Scratch {
    fs::path path;
    ~Scratch() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } scratch{fs::path(out_dir) / fmt::format(".split.tmp.{}", ::getpid())};
  const std::string dir = (scratch.path / "splits").string();
  fs::create_directories(dir);
  write_id_list(split_list_path(dir, "test"), splits.test);
  for (const auto& p : splits.pools) {
    write_id_list(split_list_path(dir, "train", p.size), p.train);
    write_id_list(split_list_path(dir, "val", p.size), p.val);
  }
  ShardAttrs attrs = attrs0;
  attrs.numbers["split_seed"] = st.seed;
  attrs.numbers["split_n_samples"] = static_cast<double>(st.n_samples);
  attrs.strings["split_filter"] = st.filter ? "authors" : "none";
  for (int s = 0; s < kStatusCount; ++s)  // what the report shows, without opening every shard
    attrs.numbers[fmt::format("simulated_{}", status_name(static_cast<Status>(s)))] =
        static_cast<double>(sum.by_status[static_cast<std::size_t>(s)]);
  if (st.filter) {
    attrs.numbers["split_filter_min_std"] = st.filter_rule.min_std;
    attrs.numbers["split_filter_min_roughness"] = st.filter_rule.min_roughness;
    attrs.numbers["split_filter_dropped_flat"] = static_cast<double>(sum.dropped_flat);
    attrs.numbers["split_filter_dropped_smooth"] = static_cast<double>(sum.dropped_smooth);
  }
  write_shard((scratch.path / "dataset.h5").string(), data, attrs);
  const fs::path dataset = fs::path(out_dir) / "dataset.h5", lists = fs::path(out_dir) / "splits";
  fs::remove(dataset);  // first out ...
  if (fs::exists(lists)) fs::rename(lists, scratch.path / "old_splits");
  fs::rename(scratch.path / "splits", lists);
  fs::rename(scratch.path / "dataset.h5", dataset);  // ... last in: its presence means the split is complete
  made.keep();
  log.info("{} shards, {} samples, {} ok; dataset: the first {} ok ids ({}..{}); test {}, pools {}", sum.shards,
           sum.samples_read, sum.ok, sum.used, data.id.front(), data.id.back(), splits.test.size(),
           fmt::join(st.pools, ","));
  return sum;
}

Shard<float> read_dataset_rows(const std::string& dataset, const std::vector<std::uint64_t>& ids,
                               const std::string& list_path, ShardAttrs* attrs, bool with_fields) {
  const auto all = read_shard_ids(dataset);
  std::vector<std::size_t> rows;
  rows.reserve(ids.size());
  for (std::uint64_t id : ids) {
    auto it = std::lower_bound(all.begin(), all.end(), id);
    if (it == all.end() || *it != id)
      fail("{}: id {}: not in {}: expected the dataset that split wrote with these lists", list_path, id, dataset);
    rows.push_back(static_cast<std::size_t>(it - all.begin()));
  }
  return read_shard<float>(dataset, attrs, &rows, with_fields);
}

}  // namespace press

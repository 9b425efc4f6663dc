#include "press/select/selection.hpp"

#include <cmath>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/learn/arch.hpp"

namespace press {

std::vector<Selection> select_lambdas(const Cells& cells, const std::string& scaling) {
  std::vector<Selection> out;
  for (const auto& [key, c] : cells) {
    std::size_t v = 1, t = 1;  // lambdas[0] is the baseline
    for (std::size_t i = 2; i < c.lambdas.size(); ++i) {
      if (c.lambdas[i].val.mean < c.lambdas[v].val.mean) v = i;
      if (c.lambdas[i].test[kJoint].mean < c.lambdas[t].test[kJoint].mean) t = i;
    }
    out.push_back({c.arch, c.n, c.lambdas[v].lambda, c.lambdas[v].val.mean, c.lambdas[t].lambda,
                   c.lambdas[t].test[kJoint].mean, c.lambdas[v].seeds.size(), scaling});
  }
  return out;
}

std::string format_selection(const std::vector<Selection>& sel) {
  // The means exactly, in the fewest digits that read back to the same double.
  auto exact = [](double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); };
  CsvWriter w({"arch", "n", "lambda_val", "val_nrmse", "lambda_test", "test_nrmse", "seeds", "scaling"});
  for (const auto& s : sel)
    w.row({s.arch, std::to_string(s.n), lambda_label(s.lambda_val), exact(s.val_nrmse), lambda_label(s.lambda_test),
           exact(s.test_nrmse), std::to_string(s.seeds), s.scaling});
  return w.text();
}

std::vector<Selection> read_selection(const std::string& path) {
  const CsvTable t = read_csv(path);
  auto col = [&](const char* name) { return t.column(name); };
  const std::size_t arch = col("arch"), n = col("n"), lv = col("lambda_val"), vn = col("val_nrmse"),
                    lt = col("lambda_test"), tn = col("test_nrmse"), seeds = col("seeds"), scaling = col("scaling");
  std::vector<Selection> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    Selection s;
    try {
      s.arch = ArchSpec::parse(t.rows[r][arch]).name();
    } catch (const Error& e) {
      fail("{}: line {}: column 'arch': {}", path, t.lines[r], e.what());
    }
    s.n = t.integer(r, n, 1, 2147483647);
    s.lambda_val = t.number(r, lv);
    s.lambda_test = t.number(r, lt);
    for (const auto& [c, x] : {std::pair{lv, s.lambda_val}, std::pair{lt, s.lambda_test}})
      if (!(x > 0))
        fail("{}: line {}: column '{}' value '{}': expected a lambda > 0", path, t.lines[r], t.header[c], t.rows[r][c]);
    s.val_nrmse = t.number(r, vn);
    s.test_nrmse = t.number(r, tn);
    s.seeds = static_cast<std::size_t>(t.integer(r, seeds, 1, 2147483647));
    s.scaling = t.rows[r][scaling];
    out.push_back(s);
  }
  if (out.empty()) fail("{}: no rows: expected one row per (arch, n) cell (select's selection.csv)", path);
  return out;
}

void apply_selection(Cells& cells, const std::vector<Selection>& sel, const std::string& path) {
  auto index = [&](const Cell& c, double lambda, const char* col) {
    for (std::size_t i = 1; i < c.lambdas.size(); ++i)
      if (same_lambda(c.lambdas[i].lambda, lambda)) return i;
    fail("{}: {} n={}: column '{}' value {}: expected a lambda > 0 of the cell's metrics", path, c.arch, c.n, col,
         lambda_label(lambda));
  };
  std::map<std::pair<std::string, long>, const Selection*> rows;
  for (const auto& s : sel)
    if (!rows.emplace(std::pair{s.arch, s.n}, &s).second)
      fail("{}: {} n={}: a second row: expected one row per cell", path, s.arch, s.n);
  for (auto& [key, c] : cells) {
    const auto it = rows.find(key);
    if (it == rows.end())
      fail("{}: no row for {} n={}: expected one per cell of the metrics (rerun select on them)", path, c.arch, c.n);
    c.press_val = index(c, it->second->lambda_val, "lambda_val");
    c.press_test = index(c, it->second->lambda_test, "lambda_test");
    rows.erase(it);
  }
  if (!rows.empty())
    fail("{}: {} n={}: no metrics of this cell: expected the cells of the metrics given", path,
         rows.begin()->first.first, rows.begin()->first.second);
}

}  // namespace press

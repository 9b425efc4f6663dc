#include "press/report/tabulate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "press/learn/arch.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/core/log.hpp"
#include "press/metrics/metrics.hpp"
#include "press/model/kinetics.hpp"
#include "press/io/param_csv.hpp"
#include "press/report/text_table.hpp"
#include "press/select/selection.hpp"

namespace press {

TabulateOptions TabulateOptions::from_config(const Config& cfg) {
  TabulateOptions o;
  o.focus_arch = ArchSpec::parse(cfg.get<std::string>("tabulate.focus_arch")).name();
  o.focus_n = cfg.get<long>("tabulate.focus_n");
  o.ranges = ParamRanges::from_config(cfg);
  const auto t = cfg.get<std::vector<double>>("tabulate.figure2_params");  // one per parameter: check_config_rules
  o.figure2_target = Params(t.data(), o.ranges.size());
  // The paper has results for Gierer-Meinhardt only: for other kinetics the paper_* columns stay empty.
  o.paper = is_gierer_meinhardt(kinetics_from_string(cfg.get<std::string>("model.kinetics")));
  o.config_path = cfg.origin();
  return o;
}

namespace {

double imp_pct(double base, double press) { return 100.0 * (base - press) / base; }

// "yes" when the seed spread (the larger sd) exceeds |base - press|, "no" when not, "" with one seed.
std::string within_spread(const Stat& base, const Stat& press) {
  if (std::isnan(base.sd) || std::isnan(press.sd)) return "";
  return std::max(base.sd, press.sd) > std::fabs(base.mean - press.mean) ? "yes" : "no";
}

std::string num(double x) { return std::isnan(x) ? "" : fmt::format("{:.6g}", x); }
std::string pct(double x) { return std::isnan(x) ? "" : fmt::format("{:.2f}", x); }

// Markdown cell: ours (± sd over seeds) and, where given, the paper's value in parentheses.
std::string md(const Stat& s, const std::string& paper = "", int digits = 4) {
  std::string out = fmt::format("{:.{}f}", s.mean, digits);
  if (!std::isnan(s.sd)) out += fmt::format(" ± {:.{}f}", s.sd, digits);
  if (!paper.empty()) out += fmt::format(" ({})", paper);
  return out;
}
// An improvement %, a dagger where the seed spread exceeds the gain, and the paper's in parentheses.
std::string md_pct(double ours, const std::string& spread, const std::string& paper = "") {
  std::string out = fmt::format("{:+.1f}{}", ours, spread == "yes" ? " †" : "");
  if (!paper.empty()) out += fmt::format(" ({:+.1f})", std::stod(paper));
  return out;
}

// The paper's tables (../shared/paper/tables, vendored in config/paper).
struct PaperTable {
  CsvTable t;
  std::string get(std::size_t row, const std::string& col) const { return t.rows[row][t.column(col)]; }
};

// For kinetics other than Gierer-Meinhardt: the header alone (no paper rows to match).
PaperTable read_paper(const std::string& dir, const std::string& name, bool rows) {
  PaperTable p{read_csv(dir + "/" + name)};
  if (!rows) p.t.rows.clear(), p.t.lines.clear();
  return p;
}

// The paper row for `model` (a key column value or values) at pool rank `rank`; -1 if none.
long paper_row(const PaperTable& p, const std::vector<std::pair<std::string, std::string>>& key, std::size_t rank) {
  std::vector<std::pair<long, std::size_t>> matches;  // (n_samples, row)
  for (std::size_t r = 0; r < p.t.rows.size(); ++r) {
    bool ok = true;
    for (const auto& [col, val] : key) ok = ok && p.get(r, col) == val;
    if (ok) matches.emplace_back(std::lround(p.t.number(r, p.t.column("n_samples"))), r);
  }
  std::sort(matches.begin(), matches.end());
  return rank < matches.size() ? static_cast<long>(matches[rank].second) : -1;
}

const char* const kPaperCellColumns[] = {"nrmse_base", "nrmse_press", "nrmse_imp_pct", "residual_base",
                                         "residual_press", "residual_imp_pct", "lambda_phy"};

struct TableText {
  std::string csv;
  TextTable md;  // the rows (and head); the caller gives the title and the paragraphs
};

// Rows of Table 2 or 3: one per cell, ours then the paper's.
using FitRows = std::vector<std::pair<std::vector<std::string>, const MetricsRow*>>;

// A fit's variant in words (Markdown).
std::string fit_words(const std::string& arch) {
  const std::string v = arch.substr(4);
  std::string w = v.rfind("uv", 0) == 0 ? "from u and v" : "from u alone";
  if (v.size() > 5 && v.substr(v.size() - 5) == "_band") w += ", band-projected";
  return w;
}

// Rows of Table 2 or 3: one per cell, ours then the paper's, then one per physics fit (`fits`:
// key column values and the fit's test metrics row at noise 0).
TableText cell_table(const std::vector<std::pair<std::vector<std::string>, const Cell*>>& rows,
                     const std::vector<std::string>& key_cols, const std::vector<std::string>& md_key_cols,
                     const PaperTable& paper, const std::vector<std::vector<std::pair<std::string, std::string>>>& paper_keys,
                     const std::map<std::string, std::vector<long>>& pools, const std::string& scaling,
                     const FitRows& fits) {
  TableText out;
  out.csv = fmt::format(
      "{},n_samples,nrmse_base,nrmse_press,nrmse_imp_pct,residual_base,residual_press,residual_imp_pct,lambda_phy,"
      "r2_base,r2_press,nrmse_eq13_base,nrmse_eq13_press,nrmse_eq13_imp_pct,lambda_phy_test_selected,"
      "nrmse_press_test_selected,nrmse_imp_pct_test_selected,residual_press_test_selected,seeds,nrmse_base_sd,"
      "nrmse_press_sd,nrmse_press_test_selected_sd,r2_base_sd,r2_press_sd,residual_base_sd,residual_press_sd,"
      "nrmse_eq13_base_sd,nrmse_eq13_press_sd,nrmse_imp_within_spread,nrmse_imp_test_selected_within_spread,"
      "residual_imp_within_spread,nrmse_eq13_imp_within_spread,scaling,paper_n_samples",
      fmt::join(key_cols, ","));
  for (const char* c : kPaperCellColumns) out.csv += fmt::format(",paper_{}", c);
  out.csv += ",fit_seconds_per_sample\n";
  const std::vector<std::string> md_cols = {
      "n (paper n)", "joint NRMSE base (paper)", "joint NRMSE PRESS, val λ", "imp %", "R² base", "R² PRESS",
      "residual base (paper)", "residual PRESS", "residual imp %", "λ val", "joint NRMSE PRESS, test λ (paper)",
      "imp %, test λ (paper)", "residual PRESS, test λ (paper)", "λ test (paper)", "Eq. 13 NRMSE base",
      "Eq. 13 NRMSE PRESS", "Eq. 13 imp %"};
  out.md.head = md_key_cols;
  out.md.head.insert(out.md.head.end(), md_cols.begin(), md_cols.end());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [keys, c] = rows[i];
    const auto& pl = pools.at(c->arch);
    const std::size_t rank = static_cast<std::size_t>(std::find(pl.begin(), pl.end(), c->n) - pl.begin());
    const long pr = paper_row(paper, paper_keys[i], rank);
    auto pv = [&](const char* col) { return pr < 0 ? std::string() : paper.get(static_cast<std::size_t>(pr), col); };
    const auto &b = c->base().test, &p = c->lambdas[c->press_val].test, &pt = c->lambdas[c->press_test].test;
    const double imp = imp_pct(b[kJoint].mean, p[kJoint].mean), imp_t = imp_pct(b[kJoint].mean, pt[kJoint].mean),
                 rimp = imp_pct(b[kResidual].mean, p[kResidual].mean), eimp = imp_pct(b[kEq13].mean, p[kEq13].mean);
    const std::string w = within_spread(b[kJoint], p[kJoint]), wt = within_spread(b[kJoint], pt[kJoint]),
                      wr = within_spread(b[kResidual], p[kResidual]), we = within_spread(b[kEq13], p[kEq13]);
    out.csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                           fmt::join(keys, ","), c->n, num(b[kJoint].mean), num(p[kJoint].mean), pct(imp),
                           num(b[kResidual].mean), num(p[kResidual].mean), pct(rimp), lambda_label(c->lambdas[c->press_val].lambda),
                           num(b[kR2].mean), num(p[kR2].mean), num(b[kEq13].mean), num(p[kEq13].mean), pct(eimp),
                           lambda_label(c->lambdas[c->press_test].lambda), num(pt[kJoint].mean), pct(imp_t),
                           num(pt[kResidual].mean), c->base().seeds.size(), num(b[kJoint].sd), num(p[kJoint].sd),
                           num(pt[kJoint].sd), num(b[kR2].sd), num(p[kR2].sd), num(b[kResidual].sd),
                           num(p[kResidual].sd), num(b[kEq13].sd), num(p[kEq13].sd), w, wt, wr, we, scaling,
                           pv("n_samples"));
    for (const char* col : kPaperCellColumns) out.csv += "," + pv(col);
    out.csv += ",\n";
    const std::string pn = pv("n_samples");
    std::vector<std::string> line = keys;
    for (auto& cell : {fmt::format("{}{}", c->n, pn.empty() ? "" : " (" + pn + ")"), md(b[kJoint], pv("nrmse_base")),
                       md(p[kJoint]), md_pct(imp, w), md(b[kR2], "", 3), md(p[kR2], "", 3),
                       md(b[kResidual], pv("residual_base")), md(p[kResidual]), md_pct(rimp, wr),
                       lambda_label(c->lambdas[c->press_val].lambda), md(pt[kJoint], pv("nrmse_press")),
                       md_pct(imp_t, wt, pv("nrmse_imp_pct")), md(pt[kResidual], pv("residual_press")),
                       lambda_label(c->lambdas[c->press_test].lambda) +
                           (pv("lambda_phy").empty() ? "" : " (" + pv("lambda_phy") + ")"),
                       md(b[kEq13]), md(p[kEq13]), md_pct(eimp, we)})
      line.push_back(cell);
    out.md.rows.push_back(std::move(line));
  }
  // The physics fit: no training set (n_samples 0) and no lambda; its metrics in the base columns.
  const auto header = split_csv_line(out.csv.substr(0, out.csv.find('\n')));
  for (const auto& [keys, r] : fits) {
    std::map<std::string, std::string> v;
    for (std::size_t k = 0; k < keys.size(); ++k) v[key_cols[k]] = keys[k];
    v["n_samples"] = "0";
    v["nrmse_base"] = num(r->nrmse_joint);
    v["residual_base"] = num(r->residual);
    v["r2_base"] = num(r->r2);
    v["nrmse_eq13_base"] = num(r->nrmse_eq13);
    v["seeds"] = "1";
    v["scaling"] = r->scaling;
    v["fit_seconds_per_sample"] = num(r->time);
    std::vector<std::string> line;
    for (const auto& h : header) line.push_back(v.count(h) ? v[h] : "");
    out.csv += fmt::format("{}\n", fmt::join(line, ","));
    std::vector<std::string> md_line(md_key_cols.size() + 17, "—");
    md_line[0] = "physics fit";
    if (md_key_cols.size() > 1) md_line[1] = fit_words(r->arch);
    else md_line[0] += ", " + fit_words(r->arch);
    const std::size_t k = md_key_cols.size();
    md_line[k] = fmt::format("no training; {:.1f} ms per sample", 1e3 * r->time);
    md_line[k + 1] = fmt::format("{:.4f}", r->nrmse_joint);
    md_line[k + 4] = fmt::format("{:.3f}", r->r2);
    md_line[k + 6] = fmt::format("{:.4f}", r->residual);
    md_line[k + 14] = fmt::format("{:.4f}", r->nrmse_eq13);
    out.md.rows.push_back(std::move(md_line));
  }
  return out;
}

// A cell table's title and notes (Tables 2-4).
TextTable md_header(const std::string& title, const std::string& what, const MetricsRow& floor,
                    const std::string& scaling, const TabulateOptions& opt) {
  const std::string like =
      !opt.paper ? fmt::format("the paper has no results for these kinetics, {}: no paper values stand beside ours",
                               fmt::join(opt.ranges.names, ", "))
      : scaling == "split"
          ? "the same scaling as the paper's, so the columns with the paper's value in parentheses compare like with "
            "like"
          : "NOT the paper's scaling (the evaluated split's own min/max): the paper's values in parentheses are "
            "shown for reference only; set metrics.scaling: split to compare like with like";
  TextTable t;
  t.title = title;
  t.paragraphs.push_back(what);
  t.paragraphs.push_back(fmt::format(
      "**Metrics.** *Joint NRMSE* is the authors' NRMSE, the quantity the paper's tables print: "
      "sqrt(mean over samples and the {} parameters of the squared error) / ‖mean true vector‖ (NOTES 5). "
      "*Eq. 13 NRMSE* is the paper's printed Eq. 13, the mean Euclidean error; it is not comparable with the paper's "
      "columns. *R²* is the mean over the {} parameters of the coefficient of determination. All three are computed "
      "on the test split in the `{}` normalised space ({}). *Residual*: Eq. 14-15, 5-point Laplacian, predicted "
      "parameters, test split; with the true parameters it is {:.3g} (5-point) and {:.3g} (spectral), see "
      "floors.csv.",
      opt.ranges.size(), opt.ranges.size(), scaling, like, floor.residual_gt_fd, floor.residual_gt_spectral));
  t.paragraphs.push_back(
      "**λ.** 'val λ' is the λ > 0 with the lowest mean validation joint NRMSE (our headline). The paper chose λ on "
      "the test set, so its PRESS values stand beside our 'test λ' columns (the λ > 0 with the lowest mean test "
      "joint NRMSE). Ours first, the paper's in parentheses (rows matched by architecture and pool rank; the paper's "
      "pool size after ours). With several seeds: mean ± sample standard deviation; † marks an improvement smaller "
      "than the seed spread (the larger of the two standard deviations).");
  return t;
}

// Table 5: joint NRMSE and R^2 against the noise level for the focus cell's baseline and PRESS
// (val-selected lambda) and every fit. Level 0 is the clean rows.
TableText noise_table(const Cell& f, const std::vector<MetricsRow>& clean, const std::vector<const MetricsRow*>& noisy,
                      const std::vector<const MetricsRow*>& fits, const std::string& scaling) {
  std::set<double> levels{0.0};
  std::set<std::string> variants;
  for (const auto* r : fits) levels.insert(r->noise), variants.insert(r->arch);
  for (const auto* r : noisy)
    if (r->arch == f.arch && r->n == f.n) levels.insert(r->noise);
  const double press_lambda = f.lambdas[f.press_val].lambda;
  // (lambda, level) -> test rows over seeds
  auto net_rows = [&](double lambda, double level) {
    std::vector<const MetricsRow*> out;
    if (level == 0) {
      for (const auto& r : clean)
        if (r.arch == f.arch && r.n == f.n && same_lambda(r.lambda, lambda) && r.split == "test") out.push_back(&r);
    } else {
      for (const auto* r : noisy)
        if (r->arch == f.arch && r->n == f.n && same_lambda(r->lambda, lambda) && r->split == "test" && r->noise == level)
          out.push_back(r);
    }
    return out;
  };
  auto stats = [](const std::vector<const MetricsRow*>& rs, bool r2) {
    std::vector<double> x;
    for (const auto* r : rs) x.push_back(r2 ? r->r2 : r->nrmse_joint);
    return stat(x);
  };
  TableText out;
  out.csv = "noise,base_nrmse,base_nrmse_sd,base_r2,press_nrmse,press_nrmse_sd,press_r2,lambda_phy,seeds";
  out.md.head = {"noise level", "baseline joint NRMSE", "baseline R²", "PRESS joint NRMSE", "PRESS R²"};
  for (const auto& v : variants) {
    out.csv += fmt::format(",{}_nrmse,{}_r2", v, v);
    out.md.head.push_back(fmt::format("fit {}: joint NRMSE", fit_words(v)));
    out.md.head.push_back("R²");
  }
  out.csv += ",scaling\n";
  for (double level : levels) {
    const auto b = net_rows(0, level), p = net_rows(press_lambda, level);
    const Stat bn = stats(b, false), br = stats(b, true), pn = stats(p, false), pr = stats(p, true);
    out.csv += fmt::format("{:g},{},{},{},{},{},{},{},{}", level, num(bn.mean), num(bn.sd), num(br.mean), num(pn.mean),
                           num(pn.sd), num(pr.mean), lambda_label(press_lambda), b.size());
    std::vector<std::string> line = {fmt::format("{:g}", level), b.empty() ? "—" : md(bn),
                                     b.empty() ? "—" : md(br, "", 3), p.empty() ? "—" : md(pn),
                                     p.empty() ? "—" : md(pr, "", 3)};
    for (const auto& v : variants) {
      const MetricsRow* fr = nullptr;
      for (const auto* r : fits)
        if (r->arch == v && r->noise == level) fr = r;
      out.csv += fr ? fmt::format(",{},{}", num(fr->nrmse_joint), num(fr->r2)) : ",,";
      line.push_back(fr ? fmt::format("{:.4f}", fr->nrmse_joint) : "—");
      line.push_back(fr ? fmt::format("{:.3f}", fr->r2) : "—");
    }
    out.csv += fmt::format(",{}\n", scaling);
    out.md.rows.push_back(std::move(line));
  }
  return out;
}

using OutFiles = std::vector<std::pair<std::string, std::string>>;  // path, text: written together
using Tables = std::vector<std::pair<std::string, TextTable>>;       // name (table2, ...), table: the .md and tables.html

// Title and notes `head`, rows `body`: one table for people.
TextTable with_rows(TextTable head, TextTable body) {
  head.head = std::move(body.head);
  head.rows = std::move(body.rows);
  return head;
}

// The metrics of one run, sorted for the tables: the networks' clean rows make the cells, the
// fits' and the noisy rows go to their own tables.
struct Metrics {
  std::vector<MetricsRow> rows;  // networks at noise 0
  std::vector<const MetricsRow*> fits, noisy;
  std::map<std::string, const MetricsRow*> clean_fits;  // fit variant -> its noise-0 row
  Cells cells;
  std::map<std::string, std::vector<long>> pools;  // arch -> its pool sizes, ascending
  const MetricsRow* floor = nullptr;               // the first test row (residual floors)
  std::string scaling;
  const Cell* focus = nullptr;                     // Table 4, Table 5 and Figure 2

  Metrics(const std::vector<MetricsRow>& all, const TabulateOptions& opt) {
    for (const auto& r : all) {
      if (r.is_fit() && r.split != "test")
        fail("{}: {} split '{}': expected the physics fit's rows on the test split", r.file, r.arch, r.split);
      if (r.is_fit()) fits.push_back(&r);
      else if (r.noise > 0) noisy.push_back(&r);
      else rows.push_back(r);
    }
    if (rows.empty()) fail("no network metrics at noise 0: expected evaluate rows of the training grid");
    cells = build_cells(rows);
    const auto sel = read_selection(opt.selection);
    apply_selection(cells, sel, opt.selection);
    for (const auto& s : sel)
      if (s.scaling != rows.front().scaling)
        fail("{}: {} n={}: column 'scaling' value '{}': expected '{}' as in {} (select and tabulate on the same metrics)",
             opt.selection, s.arch, s.n, s.scaling, rows.front().scaling, rows.front().file);
    for (const auto* r : fits) {
      if (r->noise != 0) continue;
      if (!clean_fits.emplace(r->arch, r).second)
        fail("{}: {} at noise 0: also in {}: expected one metrics row per fit", r->file, r->arch,
             clean_fits[r->arch]->file);
      if (r->scaling != rows.front().scaling)
        fail("{}: column 'scaling' value '{}': expected '{}' as in {} (one metrics.scaling for every row)", r->file,
             r->scaling, rows.front().scaling, rows.front().file);
    }
    for (const auto& [k, c] : cells) pools[c.arch].push_back(c.n);
    for (const auto& r : rows)
      if (r.split == "test" && !floor) floor = &r;
    if (!floor) fail("no test metrics: expected evaluate --split test rows");
    scaling = floor->scaling;
    const auto fc = cells.find({opt.focus_arch, opt.focus_n});
    if (fc == cells.end())
      fail("tabulate.focus_arch/focus_n: {} n={}: no metrics for this cell: expected an architecture and pool of the "
           "training grid",
           opt.focus_arch, opt.focus_n);
    focus = &fc->second;
  }
};

// Table 2 or 3 as CSV and Markdown: `rows` (key values, cell) beside the paper's rows `keys`,
// then the fits.
struct CellTableSpec {
  std::string name;  // table2 | table3: the output files and the paper's CSV
  std::vector<std::string> key_cols, md_key_cols;
  std::string title, what;
};
void cell_table_files(const Metrics& m, const TabulateOptions& opt, const CellTableSpec& spec,
                      const std::vector<std::pair<std::vector<std::string>, const Cell*>>& rows,
                      const std::vector<std::vector<std::pair<std::string, std::string>>>& keys, const FitRows& fits,
                      OutFiles& out, Tables& tables) {
  const auto t = cell_table(rows, spec.key_cols, spec.md_key_cols, read_paper(opt.paper_dir, spec.name + ".csv", opt.paper), keys,
                            m.pools, m.scaling, fits);
  out.emplace_back(opt.out_dir + "/" + spec.name + ".csv", t.csv);
  tables.emplace_back(spec.name, with_rows(md_header(spec.title, spec.what, *m.floor, m.scaling, opt), t.md));
}

// Table 2: CNNs by depth, spatial op and pool size; the fits after them.
void table2(const Metrics& m, const TabulateOptions& opt, OutFiles& out, Tables& tables) {
  std::vector<std::pair<std::vector<std::string>, const Cell*>> rows;
  std::vector<std::vector<std::pair<std::string, std::string>>> keys;
  std::vector<std::tuple<int, std::string, long, const Cell*>> cnn;
  for (const auto& [k, c] : m.cells) {
    const auto a = ArchSpec::parse(c.arch);
    if (a.kind == ArchSpec::Kind::cnn) cnn.emplace_back(a.depth, a.op_name(), c.n, &c);
  }
  std::sort(cnn.begin(), cnn.end());
  for (const auto& [depth, op, n, c] : cnn) {
    rows.push_back({{std::to_string(depth), op}, c});
    keys.push_back({{"depth", std::to_string(depth)}, {"spatial_op", op}});
  }
  FitRows fits;
  for (const auto& [arch, r] : m.clean_fits) fits.push_back({{"fit", arch.substr(4)}, r});
  cell_table_files(m, opt,
                   {"table2", {"depth", "spatial_op"}, {"L", "spatial op"},
                    "Table 2: CNN depth, spatial operation and training-set size",
                    "Baseline (λ = 0) against PRESS for each CNN and pool size."},
                   rows, keys, fits, out, tables);
}

// Table 3: the MLP against the one-layer CNN; the fits after them.
void table3(const Metrics& m, const TabulateOptions& opt, OutFiles& out, Tables& tables) {
  std::vector<std::pair<std::vector<std::string>, const Cell*>> rows;
  std::vector<std::vector<std::pair<std::string, std::string>>> keys;
  for (const auto& [arch, model] : {std::pair{"mlp", "mlp"}, std::pair{"cnn_l1_none", "cnn_l1"}})
    for (const auto& [k, c] : m.cells)
      if (c.arch == arch) {
        rows.push_back({{model}, &c});
        keys.push_back({{"model", model}});
      }
  FitRows fits;
  for (const auto& [arch, r] : m.clean_fits) fits.push_back({{arch}, r});
  cell_table_files(m, opt,
                   {"table3", {"model"}, {"model"}, "Table 3: MLP against the one-layer CNN",
                    "Baseline (λ = 0) against PRESS for the MLP and the one-layer CNN."},
                   rows, keys, fits, out, tables);
}

// Table 4: the lambda sweep of the focus cell.
void table4(const Metrics& m, const TabulateOptions& opt, OutFiles& out, Tables& tables) {
  const Cell& f = *m.focus;
  const auto p4 = read_paper(opt.paper_dir, "table4.csv", opt.paper);
  std::string csv =
      "lambda_phy,nrmse,nrmse_imp_pct,residual,residual_imp_pct,r2,nrmse_eq13,nrmse_eq13_imp_pct,val_nrmse,selected,"
      "seeds,nrmse_sd,residual_sd,r2_sd,nrmse_eq13_sd,nrmse_imp_within_spread,residual_imp_within_spread,"
      "nrmse_eq13_imp_within_spread,scaling,paper_nrmse,paper_nrmse_imp_pct,paper_residual,paper_residual_imp_pct\n";
  TextTable md_rows;
  md_rows.head = {"λ", "joint NRMSE (paper)", "imp % (paper)", "residual (paper)", "residual imp % (paper)", "R²",
                  "Eq. 13 NRMSE", "Eq. 13 imp %", "val joint NRMSE", "selected"};
  const auto& fb = f.base().test;
  for (std::size_t i = 0; i < f.lambdas.size(); ++i) {
    const auto& l = f.lambdas[i];
    const auto& t = l.test;
    long pr = -1;
    for (std::size_t r = 0; r < p4.t.rows.size(); ++r)
      if (same_lambda(p4.t.number(r, p4.t.column("lambda_phy")), l.lambda)) pr = static_cast<long>(r);
    auto pv = [&](const char* col) { return pr < 0 ? std::string() : p4.get(static_cast<std::size_t>(pr), col); };
    const std::string sel = i == f.press_val && i == f.press_test ? "val+test"
                            : i == f.press_val                    ? "val"
                            : i == f.press_test                   ? "test"
                                                                  : "";
    const bool b = i == 0;
    const double nimp = b ? NAN : imp_pct(fb[kJoint].mean, t[kJoint].mean);
    const double rimp = b ? NAN : imp_pct(fb[kResidual].mean, t[kResidual].mean);
    const double eimp = b ? NAN : imp_pct(fb[kEq13].mean, t[kEq13].mean);
    const std::string w = b ? "" : within_spread(fb[kJoint], t[kJoint]),
                      wr = b ? "" : within_spread(fb[kResidual], t[kResidual]),
                      we = b ? "" : within_spread(fb[kEq13], t[kEq13]);
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", lambda_label(l.lambda),
                       num(t[kJoint].mean), pct(nimp), num(t[kResidual].mean), pct(rimp), num(t[kR2].mean),
                       num(t[kEq13].mean), pct(eimp), num(l.val.mean), sel, l.seeds.size(), num(t[kJoint].sd),
                       num(t[kResidual].sd), num(t[kR2].sd), num(t[kEq13].sd), w, wr, we, m.scaling, pv("nrmse"),
                       pv("nrmse_imp_pct"), pv("residual"), pv("residual_imp_pct"));
    md_rows.rows.push_back({lambda_label(l.lambda), md(t[kJoint], pv("nrmse")),
                            b ? "" : md_pct(nimp, w, pv("nrmse_imp_pct")), md(t[kResidual], pv("residual")),
                            b ? "" : md_pct(rimp, wr, pv("residual_imp_pct")), md(t[kR2], "", 3), md(t[kEq13]),
                            b ? "" : md_pct(eimp, we), md(l.val), sel});
  }
  out.emplace_back(opt.out_dir + "/table4.csv", csv);
  tables.emplace_back(
      "table4",
      with_rows(md_header(fmt::format("Table 4: the λ sweep of {} at n = {}", f.arch, f.n),
                "Every λ of the grid; improvements are against λ = 0. 'selected' marks the λ chosen by validation "
                "(val) and the one a test-set choice would make (test). The paper's values in parentheses are its "
                "Table 4, the L = 4 maxpool CNN at n = 8000, matched by λ.",
                *m.floor, m.scaling, opt),
                md_rows));
}

// paired.csv: each cell's lambdas > 0 against its lambda 0, seed by seed, with the verdict on the
// paper's gain for the cell (Table 2 for the CNNs, Table 3 for the MLP, by pool rank).
void paired(const Metrics& m, const TabulateOptions& opt, OutFiles& out, Tables& tables) {
  const auto p2 = read_paper(opt.paper_dir, "table2.csv", opt.paper), p3 = read_paper(opt.paper_dir, "table3.csv", opt.paper);
  std::map<std::tuple<std::string, long, double, long>, double> test;  // (arch, n, lambda, seed) -> joint NRMSE
  for (const auto& r : m.rows)
    if (r.split == "test") test[{r.arch, r.n, r.lambda, r.seed}] = r.nrmse_joint;
  std::string csv =
      "arch,n,lambda,seeds,nrmse_base,nrmse_press,diff_mean,diff_sd,diff_ci_lo,diff_ci_hi,gain_pct,gain_ci_lo_pct,"
      "gain_ci_hi_pct,scaling,paper_n_samples,paper_lambda,paper_gain_pct,verdict\n";
  TextTable md_rows;
  md_rows.head = {"arch", "n (paper n)", "λ", "seeds", "joint NRMSE λ 0", "joint NRMSE λ", "gain % [95% CI]",
                  "paper gain % (its λ)", "verdict"};
  for (const auto& [k, c] : m.cells) {
    const auto a = ArchSpec::parse(c.arch);
    const bool cnn = a.kind == ArchSpec::Kind::cnn;
    const PaperTable& paper = cnn ? p2 : p3;
    const std::vector<std::pair<std::string, std::string>> key =
        cnn ? std::vector<std::pair<std::string, std::string>>{{"depth", std::to_string(a.depth)}, {"spatial_op", a.op_name()}}
            : std::vector<std::pair<std::string, std::string>>{{"model", c.arch}};
    const auto& pl = m.pools.at(c.arch);
    const long pr = paper_row(paper, key, static_cast<std::size_t>(std::find(pl.begin(), pl.end(), c.n) - pl.begin()));
    auto pv = [&](const char* col) { return pr < 0 ? std::string() : paper.get(static_cast<std::size_t>(pr), col); };
    const std::string pg = pv("nrmse_imp_pct");
    for (std::size_t i = 1; i < c.lambdas.size(); ++i) {
      std::vector<double> base, press, diff;
      for (long seed : c.lambdas[i].seeds) {
        const auto b = test.find({c.arch, c.n, 0.0, seed});
        if (b == test.end()) continue;
        base.push_back(b->second);
        press.push_back(test.at({c.arch, c.n, c.lambdas[i].lambda, seed}));
        diff.push_back(press.back() - base.back());
      }
      const Interval d = mean_interval95(diff);
      const double bm = stat(base).mean, pm = stat(press).mean;
      const double gain = -100 * d.mean / bm, glo = -100 * d.hi / bm, ghi = -100 * d.lo / bm;
      // The paper's gain is at its own lambda: a verdict only there.
      const bool at_paper = !pg.empty() && same_lambda(std::stod(pv("lambda_phy")), c.lambdas[i].lambda);
      const std::string v = at_paper ? seed_verdict(glo, ghi, std::stod(pg)) : "";
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", c.arch, c.n,
                         lambda_label(c.lambdas[i].lambda), diff.size(), num(bm), num(pm), num(d.mean), num(d.sd),
                         num(d.lo), num(d.hi), pct(gain), pct(glo), pct(ghi), m.scaling, pv("n_samples"),
                         pv("lambda_phy"), pg, v);
      const std::string pn = pv("n_samples");
      md_rows.rows.push_back(
          {c.arch, fmt::format("{}{}", c.n, pn.empty() ? "" : " (" + pn + ")"), lambda_label(c.lambdas[i].lambda),
           std::to_string(diff.size()), fmt::format("{:.4f}", bm), fmt::format("{:.4f}", pm),
           std::isnan(glo) ? fmt::format("{:+.1f}", gain) : fmt::format("{:+.1f} [{:+.1f}, {:+.1f}]", gain, glo, ghi),
           pg.empty() ? "" : fmt::format("{:+.1f} ({})", std::stod(pg), pv("lambda_phy")), v});
    }
  }
  out.emplace_back(opt.out_dir + "/paired.csv", csv);
  TextTable head;
  head.title = "Seed-paired gains and verdicts";
  head.paragraphs.push_back(fmt::format(
      "Each λ > 0 against λ = 0 with the same seed (the same split, initialisation and batch order): the mean of the "
      "differences of the test joint NRMSE ({} scaling) over seeds and its 95% Student-t interval, as a gain in % of "
      "the baseline's mean (> 0: the physics loss helps). The paper's gain is its Table 2 (CNNs) or Table 3 (MLP) "
      "cell at the same pool rank, at the λ it chose on the test set; its Table 2-3 NRMSEs are in split scaling. Verdict: *reproduced* when the interval lies on "
      "the paper's side of 0 and holds its gain; *reproduced_sign_only* when it lies on the paper's side of 0 but not "
      "around its gain; *not_reproduced* when it excludes the paper's gain and is not on its side of 0; *undecided* "
      "otherwise (or with one seed). A verdict is given at the paper's λ only.",
      m.scaling));
  tables.emplace_back("paired", with_rows(std::move(head), md_rows));
}

// Table 5: the observation-noise study of the focus cell and the fits.
void table5(const Metrics& m, const TabulateOptions& opt, OutFiles& out, Tables& tables) {
  const Cell& f = *m.focus;
  const auto [csv, md_rows] = noise_table(f, m.rows, m.noisy, m.fits, m.scaling);
  out.emplace_back(opt.out_dir + "/table5.csv", csv);
  TextTable head;
  head.title = "Table 5: parameter error against observation noise";
  head.paragraphs.push_back(
      fmt::format("Gaussian noise of σ = level × (max − min) of each test pattern, keyed by (seed, id), added to what "
                  "each method observes: the network input (u), the fit's u (and v for the uv fits). Joint NRMSE and "
                  "R² on the test split in the `{}` normalised space (see Table 2's header). Baseline = {} at n = {} "
                  "with λ = 0, PRESS = the same cell at the λ chosen on clean validation data ({}); the networks were "
                  "trained on clean patterns. The physics fits need no training; '_band' projects the residuals onto "
                  "|k| ≤ fit.band × the pattern's peak wavenumber. With several seeds: mean ± sample standard "
                  "deviation.",
                  m.scaling, f.arch, f.n, lambda_label(f.lambdas[f.press_val].lambda)));
  tables.emplace_back("table5", with_rows(std::move(head), md_rows));
}

// summary.csv: every (arch, n, lambda, seed) with its val and test metrics, then the fits.
// Returns the number of models.
std::size_t summary(const Metrics& m, const TabulateOptions& opt, OutFiles& out) {
  const auto& names = opt.ranges.names;
  std::string csv = "arch,n,lambda,seed,scaling,val_nrmse_joint,test_nrmse_joint,val_nrmse_eq13,test_nrmse_eq13,val_r2,test_r2";
  for (const char* kind : {"test_r2_", "test_rmse_"})
    for (const auto& n : names) csv += fmt::format(",{}{}", kind, n);
  csv += ",val_residual,test_residual,test_nrmse_joint_trivial,test_nrmse_eq13_trivial,fit_seconds_per_sample\n";
  auto per_param = [&](const MetricsRow& t) {
    std::string x;
    for (const auto* v : {&t.r2_param, &t.rmse})
      for (double y : *v) x += "," + num(y);
    return x;
  };
  std::map<std::tuple<std::string, long, double, long>, std::pair<const MetricsRow*, const MetricsRow*>> models;
  for (const auto& r : m.rows) {
    auto& vt = models[{r.arch, r.n, r.lambda, r.seed}];
    (r.split == "val" ? vt.first : vt.second) = &r;
  }
  for (const auto& [k, vt] : models) {
    const auto &v = *vt.first, &t = *vt.second;
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}{},{},{},{},{},\n", t.arch, t.n, lambda_label(t.lambda), t.seed,
                       t.scaling, num(v.nrmse_joint), num(t.nrmse_joint), num(v.nrmse_eq13), num(t.nrmse_eq13),
                       num(v.r2), num(t.r2), per_param(t), num(v.residual), num(t.residual),
                       num(t.nrmse_joint_trivial), num(t.nrmse_eq13_trivial));
  }
  for (const auto& [arch, t] : m.clean_fits)  // no training: no lambda, seed or validation split
    csv += fmt::format("{},0,,,{},,{},,{},,{}{},,{},{},{},{}\n", arch, t->scaling, num(t->nrmse_joint),
                       num(t->nrmse_eq13), num(t->r2), per_param(*t), num(t->residual), num(t->nrmse_joint_trivial),
                       num(t->nrmse_eq13_trivial), num(t->time));
  out.emplace_back(opt.out_dir + "/summary.csv", csv);
  return models.size();
}

// floors.csv: the residual with the true parameters, both Laplacians: the test split (shared by
// every pool) and the val split of each pool, from the first metrics row of each.
void floors(const Metrics& m, const TabulateOptions& opt, OutFiles& out) {
  std::map<std::pair<std::string, long>, const MetricsRow*> first;  // (split, pool; 0 for test) -> row
  for (const auto& r : m.rows) first.emplace(std::pair{r.split, r.split == "val" ? r.n : 0L}, &r);
  std::string csv = "split,pool,samples,residual_gt_fd,residual_gt_spectral\n";
  for (const char* split : {"test", "val"})
    for (const auto& [k, r] : first)
      if (k.first == split)
        csv += fmt::format("{},{},{},{},{}\n", split, k.second ? std::to_string(k.second) : "", r->samples,
                           num(r->residual_gt_fd), num(r->residual_gt_spectral));
  out.emplace_back(opt.out_dir + "/floors.csv", csv);
}

// Figure 2: the test sample nearest to the target parameters, with the baseline's and PRESS's
// predictions for it (the smallest seed of the focus cell); simulate re-runs both. Returns its id.
std::uint64_t figure2(const Metrics& m, const TabulateOptions& opt, OutFiles& out) {
  const Cell& f = *m.focus;
  const CsvTable base = read_csv(predictions_path(f.base().first_test->file));
  const CsvTable press = read_csv(predictions_path(f.lambdas[f.press_val].first_test->file));
  if (base.rows.size() != press.rows.size() || base.rows.empty())
    fail("{}: {} rows, {}: {}: expected the same test samples", base.path, base.rows.size(), press.path,
         press.rows.size());
  const auto target = opt.ranges.normalize(opt.figure2_target);
  std::size_t best = 0;
  double best_d = INFINITY;
  const int np = opt.ranges.size();
  for (std::size_t r = 0; r < base.rows.size(); ++r) {
    Params p = opt.figure2_target;
    for (int j = 0; j < np; ++j) p[j] = base.number(r, static_cast<std::size_t>(j + 1));
    const auto x = opt.ranges.normalize(p);
    double dist = 0;
    for (int j = 0; j < np; ++j) dist += (x[j] - target[j]) * (x[j] - target[j]);
    if (dist < best_d) best_d = dist, best = r;
  }
  if (base.rows[best][0] != press.rows[best][0])
    fail("{}: line {}: id {}, {}: id {}: expected the same test samples in the same order", base.path,
         base.lines[best], base.rows[best][0], press.path, press.rows[best][0]);
  const auto id = static_cast<std::uint64_t>(std::stoull(base.rows[best][0]));
  auto params_at = [&](const CsvTable& t, std::size_t first) {
    Params x = opt.figure2_target;
    for (int j = 0; j < np; ++j) x[j] = t.number(best, t.column(opt.ranges.names[static_cast<std::size_t>(j)] + (first ? "_pred" : "")));
    return x;
  };
  auto values = [](const Params& p) {
    std::string x;
    for (double y : p) x += fmt::format(",{:.17g}", y);
    return x;
  };
  std::string csv = fmt::format("role,id,lambda,{}\n", fmt::join(opt.ranges.names, ","));
  const Params truth = params_at(base, 0);
  csv += fmt::format("truth,{},{}\n", id, values(truth));
  for (const auto& [role, t, l] :
       {std::tuple{"base", &base, 0.0}, std::tuple{"press", &press, f.lambdas[f.press_val].lambda}}) {
    const Params p = params_at(*t, 1);
    csv += fmt::format("{},{},{}{}\n", role, id, lambda_label(l), values(p));
    ParamTable one;
    one.names = opt.ranges.names;
    one.rows.push_back(ParamRow{id, p, {}});
    out.emplace_back(fmt::format("{}/figure2_{}.csv", opt.out_dir, role), format_param_table(one));
  }
  out.emplace_back(opt.out_dir + "/figure2.csv", csv);
  return id;
}

}  // namespace

std::string seed_verdict(double lo, double hi, double paper) {
  if (std::isnan(lo) || std::isnan(hi)) return "undecided";
  const bool holds_paper = lo <= paper && paper <= hi;
  const bool paper_side = paper > 0 ? lo > 0 : paper < 0 ? hi < 0 : false;
  if (paper_side) return holds_paper ? "reproduced" : "reproduced_sign_only";
  return holds_paper ? "undecided" : "not_reproduced";
}

void run_tabulate(const std::vector<MetricsRow>& all, const TabulateOptions& opt, const Log& log) {
  const Metrics m(all, opt);
  OutFiles files;
  Tables tables;
  table2(m, opt, files, tables);
  table3(m, opt, files, tables);
  table4(m, opt, files, tables);
  table5(m, opt, files, tables);
  paired(m, opt, files, tables);
  for (const auto& [name, t] : tables) files.emplace_back(opt.out_dir + "/" + name + ".md", markdown(t));
  files.emplace_back(opt.out_dir + "/tables.html", html_sections(tables));
  const std::size_t models = summary(m, opt, files);
  floors(m, opt, files);
  const std::uint64_t id = figure2(m, opt, files);
  std::vector<NamedPath> outs, ins{{"--config", opt.config_path}};
  for (const auto& [path, text] : files) outs.emplace_back("--out-dir", path);
  for (const auto& r : all) {
    ins.emplace_back("metrics", r.file);
    ins.emplace_back("metrics", predictions_path(r.file));
  }
  for (const char* t : {"table2.csv", "table3.csv", "table4.csv"}) ins.emplace_back("--paper-dir", opt.paper_dir + "/" + t);
  ins.emplace_back("--selection", opt.selection);
  refuse_outputs_on_inputs(outs, ins);
  write_texts_atomic(files);  // all or nothing
  const Cell& f = *m.focus;
  log.info("{} cells, {} models; focus {} n={}: PRESS lambda {} (val), {} (test); Figure 2 sample id {}",
           m.cells.size(), models, f.arch, f.n, lambda_label(f.lambdas[f.press_val].lambda),
           lambda_label(f.lambdas[f.press_test].lambda), id);
}

}  // namespace press

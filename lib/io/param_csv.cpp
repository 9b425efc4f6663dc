#include "press/io/param_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"

namespace press {

ParamTable read_param_table(const std::string& path, const std::vector<std::string>& names,
                            const std::vector<std::string>& required) {
  const CsvTable csv = read_csv(path);
  const auto& header = csv.header;
  ParamTable t;
  t.path = path;
  t.names = names;
  const std::size_t np = names.size(), base = np + 1;
  for (std::size_t j = 0; j < base; ++j)
    if (header.size() <= j || header[j] != (j == 0 ? std::string("id") : names[j - 1]))
      fail("{}: line 1: header '{}': expected it to start with id,{} (the parameters of model.kinetics)", path,
           fmt::join(header, ","), fmt::join(names, ","));
  t.extra_columns.assign(header.begin() + static_cast<std::ptrdiff_t>(base), header.end());
  for (const auto& r : required) t.column(r, path);
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    ParamRow row;
    row.id = csv.id(r, 0);
    row.line = csv.lines[r];
    if (!t.rows.empty() && row.id <= t.rows.back().id)
      fail("{}: line {}: column 'id' value '{}': expected ids in increasing order (previous {})", path, csv.lines[r],
           csv.rows[r][0], t.rows.back().id);
    double th[kMaxParams];
    for (std::size_t j = 0; j < np; ++j) {
      th[j] = csv.number(r, j + 1);
      // The steady-state cubic multiplies parameters together: beyond 1e6 its coefficients
      // leave the range where double precision finds its single positive root.
      if (!(th[j] > 0) || th[j] > kMaxParameter)
        fail("{}: line {}: column '{}' value '{}': expected a number in (0, {:g}]", path, csv.lines[r], header[j + 1],
             csv.rows[r][j + 1], kMaxParameter);
    }
    row.p = Params(th, static_cast<int>(np));
    for (std::size_t j = base; j < header.size(); ++j) row.extra.push_back(csv.number(r, j));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string format_param_table(const ParamTable& t) {
  fmt::memory_buffer b;
  fmt::format_to(std::back_inserter(b), "id");
  for (const auto& n : t.names) fmt::format_to(std::back_inserter(b), ",{}", n);
  for (const auto& c : t.extra_columns) fmt::format_to(std::back_inserter(b), ",{}", c);
  b.push_back('\n');
  for (const auto& r : t.rows) {
    fmt::format_to(std::back_inserter(b), "{}", r.id);
    for (double x : r.p) fmt::format_to(std::back_inserter(b), ",{:.17g}", x);
    for (double x : r.extra) fmt::format_to(std::back_inserter(b), ",{:.17g}", x);
    b.push_back('\n');
  }
  return fmt::to_string(b);
}

}  // namespace press

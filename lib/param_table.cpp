#include "press/param_table.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "press/csv.hpp"
#include "press/error.hpp"

namespace press {

namespace {

const char* const kBase[5] = {"id", "a", "b", "c", "delta"};

}  // namespace

std::size_t ParamTable::column(const std::string& name, const std::string& path) const {
  for (std::size_t i = 0; i < extra_columns.size(); ++i)
    if (extra_columns[i] == name) return i;
  fail("{}: header: missing column '{}'", path, name);
}

ParamTable read_param_table(const std::string& path, const std::vector<std::string>& required) {
  std::ifstream in(path);
  if (!in) fail("{}: cannot read: no such file or not readable", path);
  std::string line;
  if (!std::getline(in, line)) fail("{}: line 1: empty file: expected a header starting id,a,b,c,delta", path);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv_line(line);
  ParamTable t;
  for (int j = 0; j < 5; ++j)
    if (header.size() <= static_cast<std::size_t>(j) || header[j] != kBase[j])
      fail("{}: line 1: header '{}': expected it to start with id,a,b,c,delta", path, line);
  t.extra_columns.assign(header.begin() + 5, header.end());
  for (const auto& r : required) t.column(r, path);

  long lineno = 1;
  bool have_prev = false;
  std::uint64_t prev = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    if (f.size() != header.size())
      fail("{}: line {}: {} fields: expected {} ({})", path, lineno, f.size(), header.size(), fmt::join(header, ","));
    auto number = [&](std::size_t j) {
      const char* s = f[j].c_str();
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(s, &end);
      if (f[j].empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        fail("{}: line {}: column '{}' value '{}': expected a finite number", path, lineno, header[j], f[j]);
      return v;
    };
    ParamRow row;
    if (!parse_id(f[0], row.id))
      fail("{}: line {}: column 'id' value '{}': expected a non-negative decimal integer below 2^64", path, lineno,
           f[0]);
    if (have_prev && row.id <= prev)
      fail("{}: line {}: column 'id' value '{}': expected ids in increasing order (previous {})", path, lineno, f[0], prev);
    double th[4];
    for (int j = 0; j < 4; ++j) {
      th[j] = number(j + 1);
      // The steady-state cubic multiplies parameters together: beyond 1e6 its coefficients
      // leave the range where double precision finds its single positive root.
      if (!(th[j] > 0) || th[j] > kMaxParameter)
        fail("{}: line {}: column '{}' value '{}': expected a number in (0, {:g}]", path, lineno, header[j + 1],
             f[j + 1], kMaxParameter);
    }
    row.p = Params{th[0], th[1], th[2], th[3]};
    for (std::size_t j = 5; j < f.size(); ++j) row.extra.push_back(number(j));
    t.rows.push_back(std::move(row));
    prev = t.rows.back().id;
    have_prev = true;
  }
  return t;
}

std::string format_param_table(const ParamTable& t) {
  fmt::memory_buffer b;
  fmt::format_to(std::back_inserter(b), "id,a,b,c,delta");
  for (const auto& c : t.extra_columns) fmt::format_to(std::back_inserter(b), ",{}", c);
  b.push_back('\n');
  for (const auto& r : t.rows) {
    fmt::format_to(std::back_inserter(b), "{},{:.17g},{:.17g},{:.17g},{:.17g}", r.id, r.p.a, r.p.b, r.p.c, r.p.delta);
    for (double x : r.extra) fmt::format_to(std::back_inserter(b), ",{:.17g}", x);
    b.push_back('\n');
  }
  return fmt::to_string(b);
}

}  // namespace press

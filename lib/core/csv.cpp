#include "press/core/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/ranges.h>

#include "press/core/error.hpp"

namespace press {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string x;
  while (std::getline(ss, x, ',')) f.push_back(x);
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  fail("{}: header: missing column '{}'", path, name);
}

bool parse_finite(const std::string& s, double& out) {
  if (s.empty() || s.find('\0') != std::string::npos) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return false;
  // ERANGE is also underflow: strtod then returns a subnormal or zero, which is the number.
  if (errno == ERANGE && std::fabs(v) > std::numeric_limits<double>::min()) return false;
  out = v;
  return true;
}

double CsvTable::number(std::size_t r, std::size_t c) const {
  double v = 0;
  if (!parse_finite(rows[r][c], v))
    fail("{}: line {}: column '{}' value '{}': expected a finite number", path, lines[r], header[c], rows[r][c]);
  return v;
}

namespace {

// A sample id: decimal digits only (no sign, space, hex or exponent), at most 2^64 - 1. False
// otherwise; never rounds (ids above 2^53 are exact).
bool parse_id(const std::string& s, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;  // would overflow
    v = v * 10 + d;
  }
  out = v;
  return true;
}

}  // namespace

std::uint64_t CsvTable::id(std::size_t r, std::size_t c) const {
  std::uint64_t v = 0;
  if (!parse_id(rows[r][c], v))
    fail("{}: line {}: column '{}' value '{}': expected a non-negative decimal integer below 2^64", path, lines[r],
         header[c], rows[r][c]);
  return v;
}

long CsvTable::integer(std::size_t r, std::size_t c, long lo, long hi) const {
  const std::string& s = rows[r][c];
  const bool neg = !s.empty() && s[0] == '-';
  std::uint64_t mag = 0;
  const bool ok = parse_id(neg ? s.substr(1) : s, mag) && mag <= 2147483648ULL;
  const long v = ok ? (neg ? -static_cast<long>(mag) : static_cast<long>(mag)) : 0;
  if (!ok || v < lo || v > hi)
    fail("{}: line {}: column '{}' value '{}': expected an integer from {} to {}", path, lines[r], header[c], s, lo, hi);
  return v;
}


CsvWriter::CsvWriter(std::vector<std::string> header) : width_(header.size()) { row(header); }

void CsvWriter::row(const std::vector<std::string>& fields) {
  if (fields.size() != width_)
    throw std::logic_error(fmt::format("CsvWriter: a row of {} fields under a header of {}", fields.size(), width_));
  text_ += fmt::format("{}\n", fmt::join(fields, ","));
}

std::string csv_number(double x, int digits) {
  return std::isfinite(x) ? fmt::format("{:.{}g}", x, digits) : std::string();
}

CsvTable read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("{}: cannot read: no such file or not readable", path);
  return parse_csv(in, path);
}

CsvTable parse_csv(std::istream& in, const std::string& path) {
  CsvTable t;
  t.path = path;
  std::string line;
  auto next = [&](long lineno) {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find('\0') != std::string::npos)
      fail("{}: line {}: a NUL byte: expected text (a binary or damaged file?)", path, lineno);
    return true;
  };
  if (!next(1)) fail("{}: line 1: empty file: expected a header", path);
  t.header = split_csv_line(line);
  long lineno = 1;
  while (next(lineno + 1)) {
    ++lineno;
    if (line.empty()) continue;
    auto f = split_csv_line(line);
    if (f.size() != t.header.size())
      fail("{}: line {}: {} fields: expected {} ({})", path, lineno, f.size(), t.header.size(), fmt::join(t.header, ","));
    t.rows.push_back(std::move(f));
    t.lines.push_back(lineno);
  }
  return t;
}

}  // namespace press

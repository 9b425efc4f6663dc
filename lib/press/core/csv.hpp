#pragma once
// The one CSV reader of press (candidates, turing, split lists, metrics, training logs, the
// paper's tables): a plain comma-separated table with a header row (no quoting: every press CSV
// is numeric or simple names). Strict: every row as wide as the header, no NUL byte anywhere,
// CRLF or LF line ends, blank lines skipped; numbers finite, ids and integers exact. Errors name
// the file, line, column and value.
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace press {

std::vector<std::string> split_csv_line(const std::string& line);

// `s` whole as a finite number (strtod's syntax). A value below the smallest normal double
// (1e-310) is a number, kept as the nearest subnormal or zero; one beyond the double range
// (1e309), NaN and Inf are not. False, and `out` untouched, otherwise.
bool parse_finite(const std::string& s, double& out);

struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<long> lines;  // the file line of each row (1-based; the header is line 1)

  // Index of column `name`; throws press::Error naming the file if absent.
  std::size_t column(const std::string& name) const;
  // Row `r`, column `c` as a finite number; throws press::Error naming file, line, column, value.
  double number(std::size_t r, std::size_t c) const;
  // ... as a sample id (parse_id: decimal digits only, exact below 2^64).
  std::uint64_t id(std::size_t r, std::size_t c) const;
  // ... as an integer in [lo, hi] (no fraction, no exponent: "48.4" is an error, not 48).
  long integer(std::size_t r, std::size_t c, long lo, long hi) const;
};

// The writing side: every row has every column. A value that is absent (a failed fit's estimate)
// or not finite is an empty field, never a shorter row.
class CsvWriter {
 public:
  explicit CsvWriter(std::vector<std::string> header);
  // Append one row; a row of another width than the header is a bug (std::logic_error).
  void row(const std::vector<std::string>& fields);
  const std::string& text() const { return text_; }

 private:
  std::size_t width_;
  std::string text_;
};

// `x` with `digits` significant digits ("{:.Ng}"), or "" when x is NaN or infinite.
std::string csv_number(double x, int digits);

// Every row must have as many fields as the header. Blank lines are skipped.
CsvTable read_csv(const std::string& path);
// The same from a stream; `path` names it in errors.
CsvTable parse_csv(std::istream& in, const std::string& path);

}  // namespace press

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

// Every row must have as many fields as the header. Blank lines are skipped.
CsvTable read_csv(const std::string& path);
// The same from a stream; `path` names it in errors.
CsvTable parse_csv(std::istream& in, const std::string& path);

}  // namespace press

#pragma once
// A table of parameter sets: the rows of candidates.csv and turing.csv in memory (their file
// format: io/param_csv.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "press/model/params.hpp"

namespace press {

// The largest parameter value a table may hold (read_param_table checks every row).
inline constexpr double kMaxParameter = 1e6;

struct ParamRow {
  std::uint64_t id = 0;
  Params p;
  std::vector<double> extra;  // values of ParamTable::extra_columns, in order
  long line = 0;              // of the file it was read from (0: made in memory)
};

struct ParamTable {
  std::string path;                // the file it was read from (empty: made in memory)
  std::vector<std::string> names;  // the parameter columns
  std::vector<std::string> extra_columns;
  std::vector<ParamRow> rows;
  // Index of an extra column; throws press::Error naming `path` if absent.
  std::size_t column(const std::string& name, const std::string& path) const;
};

}  // namespace press

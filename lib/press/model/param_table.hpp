#pragma once
// candidates.csv / turing.csv: `id,<parameter names>[,extra...]` (DESIGN contracts; the names
// of model.kinetics, e.g. id,a,b,c,delta for Gierer-Meinhardt). Values are written with 17
// significant digits, so they read back bit-identical.
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

// Read a table whose header starts with id and `names` and contains `required` among the
// rest. Every value must parse fully and be finite; parameters must be > 0; ids must be
// strictly increasing. Errors name the file, line, column and value.
ParamTable read_param_table(const std::string& path, const std::vector<std::string>& names,
                            const std::vector<std::string>& required = {});

std::string format_param_table(const ParamTable& t);

}  // namespace press

#pragma once
// candidates.csv / turing.csv: `id,<parameter names>[,extra...]` (DESIGN contracts; the names
// of model.kinetics, e.g. id,a,b,c,delta for Gierer-Meinhardt). Values are written with 17
// significant digits, so they read back bit-identical.
#include <string>
#include <vector>

#include "press/model/param_table.hpp"

namespace press {

// Read a table whose header starts with id and `names` and contains `required` among the
// rest. Every value must parse fully and be finite; parameters must be > 0; ids must be
// strictly increasing. Errors name the file, line, column and value.
ParamTable read_param_table(const std::string& path, const std::vector<std::string>& names,
                            const std::vector<std::string>& required = {});

std::string format_param_table(const ParamTable& t);

}  // namespace press

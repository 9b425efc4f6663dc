#include "press/model/param_table.hpp"

#include "press/core/error.hpp"

namespace press {

std::size_t ParamTable::column(const std::string& name, const std::string& path) const {
  for (std::size_t i = 0; i < extra_columns.size(); ++i)
    if (extra_columns[i] == name) return i;
  fail("{}: header: missing column '{}'", path, name);
}

}  // namespace press

#pragma once
// The select stage: the lambda > 0 of each (arch, n) cell of the training grid, chosen on
// validation (the lowest mean validation joint NRMSE over seeds: our headline) and on test (the
// lowest mean test joint NRMSE: how the paper chose, for a like-for-like comparison; NOTES 4).
// Ties keep the smaller lambda. selection.csv, one row per cell in (arch, n) order:
//   arch,n,lambda_val,val_nrmse,lambda_test,test_nrmse,seeds,scaling
// lambda_* as lambda_label writes them (the model directory's lam<label>); *_nrmse the means
// that chose them (exact: the fewest digits that read back to the same double); seeds the
// count behind each mean. tabulate, the figures and the workflow's
// noise study read it: none of them chooses again.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "press/select/cells.hpp"

namespace press {

struct Selection {
  std::string arch;
  long n = 0;
  double lambda_val = 0, val_nrmse = 0, lambda_test = 0, test_nrmse = 0;
  std::size_t seeds = 0;
  std::string scaling;
};

// The choice for every cell.
std::vector<Selection> select_lambdas(const Cells& cells, const std::string& scaling);
std::string format_selection(const std::vector<Selection>& sel);
// Errors name the file, line, column and value.
std::vector<Selection> read_selection(const std::string& path);
// Sets each cell's press_val and press_test from `sel` (read from `path`): every cell needs its
// row, with lambdas > 0 that the cell has, and every row its cell.
void apply_selection(Cells& cells, const std::vector<Selection>& sel, const std::string& path);

}  // namespace press

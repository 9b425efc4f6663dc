#pragma once
// One row of the equation-discovery table (issue 24; docs/binn.md): how a method (the BINN with
// the closed-form step, or sparse regression) recovered D(u) and G(u) from one law's data at one
// noise level, against the truth:
//   *_max_rel, *_within5   over 200 values of u between the 5th and 95th percentiles of the data:
//                          max |f/f_true - 1| and the share within 5%
//   *_expr, *_form_right   the recovered expression, and whether its form is the truth's
//   *_coef_err             when the form is right, the largest relative error of its coefficients
//   resim_rms_clean        the discovered equation re-simulated by press's density solver from the
//                          experiment's initial condition, RMS against the clean frames
//                          (resim_fit.hpp resim_error; resim's own: its fitted start); empty
//                          (NaN) when the equation does not run
#include <cmath>
#include <string>
#include <vector>

#include "press/discover/closed_form.hpp"
#include "press/model/density_law.hpp"

namespace press {

struct LawRecovery {
  double max_rel = 0, within5 = 0;
  std::string expr;
  bool form_right = false;
  double coef_err = NAN;
};

struct DiscoveryRow {
  std::string method, law;
  double noise = 0;
  long seed = 0;
  LawRecovery d, g;
  double resim_rms = NAN;
};

// The curve scores of f against truth on u.
void score_curve(const std::vector<double>& u, const std::vector<double>& f, const DensityLaw& truth, LawRecovery& r);
// The closed-form step's verdict: the best candidate, whether it is truth's form, its coefficients' error.
void score_form(const ClosedForm& best, const DensityLaw& truth, LawRecovery& r);
// A recovered law of a known form (resim_fit's) scored on u: its curve, its expression, whether its
// form is the truth's and, if so, its coefficients' largest relative error.
void score_law(const DensityLaw& got, const DensityLaw& truth, const std::vector<double>& u, LawRecovery& r);
std::string discovery_csv(const std::vector<DiscoveryRow>& rows);

// Learned curves D(u), G(u) on u with weights w (train_binn's) through the closed-form step, scored
// against the truth: the row, and every candidate of each, best first.
struct CurveDiscovery {
  DiscoveryRow row;
  std::vector<ClosedForm> d_forms, g_forms;
};
CurveDiscovery discover_from_curves(const std::string& method, double noise, long seed, const std::vector<double>& u,
                                    const std::vector<double>& w, const std::vector<double>& d,
                                    const std::vector<double>& g, const DensityLaw& d_true, const DensityLaw& g_true,
                                    int max_size);

}  // namespace press

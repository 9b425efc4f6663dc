#include "press/io/density_io.hpp"

#include <cmath>
#include <tuple>

#include "h5_write.hpp"
#include "press/core/atomic_file.hpp"

namespace press {

std::size_t DensityData::level_index(double level, const std::string& what) const {
  for (std::size_t k = 0; k < noise_levels.size(); ++k)
    if (noise_levels[k] == level) return k;
  fail("{} {}: expected one of the data's noise levels [{}]", what, level, fmt::join(noise_levels, ", "));
}

DensityLaw DensityData::law(const std::string& which, const std::string& path) const {
  const auto it = attrs.strings.find(which + "_form");
  if (it == attrs.strings.end()) fail("{}: attribute '{}_form' is missing: expected binn_data's file", path, which);
  const LawForm form = law_form_from_name(it->second, path + ": attribute '" + which + "_form'");
  std::vector<double> c;
  for (int k = 0; k < law_form_size(form); ++k) {
    const auto a = attrs.numbers.find(fmt::format("{}_c{}", which, k));
    if (a == attrs.numbers.end()) fail("{}: attribute '{}_c{}' is missing: expected binn_data's file", path, which, k);
    c.push_back(a->second);
  }
  return DensityLaw::make(form, c, path);
}

void write_density_data(const std::string& path, const DensityData& d) {
  const hsize_t F = d.frames(), m = static_cast<hsize_t>(d.m()), L = d.noise_levels.size();
  if (d.u.size() != L * F * m * m || d.u_clean.size() != F * m * m || d.noise_scale.size() != L ||
      d.noise_achieved.size() != L)
    throw std::logic_error("write_density_data: inconsistent arrays");
  AtomicOutput out(path);
  const QuietCerr quiet;
  try {
    H5::H5File f(out.tmp_path(), H5F_ACC_TRUNC);
    write_1d(f, "t", H5::PredType::NATIVE_DOUBLE, d.t);
    write_1d(f, "x", H5::PredType::NATIVE_DOUBLE, d.x);
    write_1d(f, "noise_levels", H5::PredType::NATIVE_DOUBLE, d.noise_levels);
    write_1d(f, "noise_scale", H5::PredType::NATIVE_DOUBLE, d.noise_scale);
    write_1d(f, "noise_achieved", H5::PredType::NATIVE_DOUBLE, d.noise_achieved);
    const hsize_t dims[4] = {L, F, m, m};
    for (const auto& [name, field, rank] : {std::tuple<const char*, const std::vector<double>*, int>{"u", &d.u, 4},
                                            {"u_clean", &d.u_clean, 3}}) {
      H5::DataSpace sp(rank, rank == 4 ? dims : dims + 1);
      f.createDataSet(name, H5::PredType::NATIVE_DOUBLE, sp, no_times()).write(field->data(), H5::PredType::NATIVE_DOUBLE);
    }
    write_attrs(f, d.attrs);
    f.flush(H5F_SCOPE_GLOBAL);
    f.close();
  } catch (const H5::Exception& e) {
    fail("{}: HDF5 write failed ({}): {}", path, e.getDetailMsg(), write_failure_hint(out.tmp_path()));
  }
  verify_hdf5_written(out.tmp_path(), path);
  out.commit();
}

DensityData read_density_data(const std::string& path) {
  H5::Exception::dontPrint();
  DensityData d;
  if (!std::filesystem::exists(path)) fail("{}: no such file: expected density data (binn_data)", path);
  try {
    if (!H5::H5File::isHdf5(path)) fail("{}: not an HDF5 file: expected density data (binn_data)", path);
    H5::H5File f(path, H5F_ACC_RDONLY);
    auto read = [&](const char* name, std::vector<hsize_t> want, std::vector<double>& into) {
      if (!f.nameExists(name)) fail("{}: dataset '{}' is missing: expected density data (binn_data)", path, name);
      H5::DataSet ds = f.openDataSet(name);
      H5::DataSpace sp = ds.getSpace();
      std::vector<hsize_t> got(static_cast<std::size_t>(sp.getSimpleExtentNdims()));
      sp.getSimpleExtentDims(got.data());
      if (got.size() != want.size()) fail("{}: dataset '{}' has {} dimensions: expected {}", path, name, got.size(), want.size());
      for (std::size_t k = 0; k < want.size(); ++k)
        if (want[k] == 0) want[k] = got[k];
      if (got != want)
        fail("{}: dataset '{}' has shape [{}]: expected [{}]", path, name, fmt::join(got, ","), fmt::join(want, ","));
      if (ds.getTypeClass() != H5T_FLOAT) fail("{}: dataset '{}': expected floating-point values", path, name);
      hsize_t n = 1;
      for (hsize_t k : got) n *= k;
      into.resize(n);
      ds.read(into.data(), H5::PredType::NATIVE_DOUBLE);
      for (std::size_t k = 0; k < into.size(); ++k)
        if (!std::isfinite(into[k])) fail("{}: dataset '{}': value {} at position {}: expected finite numbers", path, name, into[k], k);
    };
    read("t", {0}, d.t);
    read("x", {0}, d.x);
    read("noise_levels", {0}, d.noise_levels);
    const hsize_t F = d.t.size(), m = d.x.size(), L = d.noise_levels.size();
    if (F < 2 || m < 3 || L < 1)
      fail("{}: {} frames of {} points, {} noise levels: expected at least 2 frames of 3 x 3 and a level", path, F, m, L);
    read("noise_scale", {L}, d.noise_scale);
    read("noise_achieved", {L}, d.noise_achieved);
    read("u", {L, F, m, m}, d.u);
    read("u_clean", {F, m, m}, d.u_clean);
    d.attrs = read_attrs(f);
  } catch (const H5::Exception& e) {
    fail("{}: HDF5 read failed: {}", path, e.getDetailMsg());
  }
  return d;
}

}  // namespace press

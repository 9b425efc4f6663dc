#include "press/io/shard_io.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>

#include <H5Cpp.h>

#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "h5_write.hpp"

namespace press {

const char* status_name(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::blowup: return "blowup";
    case Status::homogeneous: return "homogeneous";
  }
  return "?";
}

GridPhysics grid_physics_of(const ShardAttrs& attrs, const std::string& path) {
  auto number = [&](const char* k) {
    auto it = attrs.numbers.find(k);
    if (it == attrs.numbers.end()) fail("{}: attribute '{}' is missing: expected a press dataset", path, k);
    return it->second;
  };
  GridPhysics g;
  g.n = static_cast<int>(number("grid"));
  g.dx = number("dx");
  g.s = number("s");
  g.v_floor = number("v_floor");
  auto it = attrs.strings.find("kinetics");
  if (it == attrs.strings.end()) fail("{}: attribute 'kinetics' is missing: expected a press dataset", path);
  g.kinetics = kinetics_from_string(it->second);
  return g;
}

namespace {

template <typename Real>
const H5::PredType& h5_real() {
  return sizeof(Real) == 4 ? H5::PredType::NATIVE_FLOAT : H5::PredType::NATIVE_DOUBLE;
}

H5::EnumType status_type() {
  H5::EnumType t(H5::PredType::NATIVE_INT8);
  for (Status s : {Status::ok, Status::blowup, Status::homogeneous}) {
    std::int8_t v = static_cast<std::int8_t>(s);
    t.insert(status_name(s), &v);
  }
  return t;
}

H5::DataSet open_checked(const H5::H5File& f, const std::string& path, const char* name, std::vector<hsize_t> dims) {
  if (!f.nameExists(name)) fail("{}: dataset '{}' is missing: expected a press simulation shard", path, name);
  H5::DataSet ds = f.openDataSet(name);
  H5::DataSpace sp = ds.getSpace();
  std::vector<hsize_t> got(static_cast<std::size_t>(sp.getSimpleExtentNdims()));
  sp.getSimpleExtentDims(got.data());
  if (got != dims)
    fail("{}: dataset '{}' has shape [{}]: expected [{}]", path, name, fmt::join(got, ","), fmt::join(dims, ","));
  return ds;
}

// The parameter count of the file's kinetics (attribute 'kinetics'), or for a file without one,
// the width of its params dataset (1..kMaxParams).
hsize_t param_width(const H5::H5File& f, const std::string& path) {
  H5::Group root = f.openGroup("/");
  if (root.attrExists("kinetics")) {
    H5::Attribute a = root.openAttribute("kinetics");
    std::string name;
    if (a.getTypeClass() == H5T_STRING) a.read(a.getStrType(), name);
    try {
      return static_cast<hsize_t>(kinetics_info(kinetics_from_string(name)).n_params);
    } catch (const Error& e) {
      fail("{}: attribute 'kinetics': {}", path, e.what());
    }
  }
  if (!f.nameExists("params")) fail("{}: dataset 'params' is missing: expected a press simulation shard", path);
  H5::DataSpace sp = f.openDataSet("params").getSpace();
  hsize_t d[2] = {0, 0};
  if (sp.getSimpleExtentNdims() != 2 || (sp.getSimpleExtentDims(d), d[1] < 1 || d[1] > kMaxParams))
    fail("{}: dataset 'params': expected shape [n, P] with 1 <= P <= {}", path, kMaxParams);
  return d[1];
}

}  // namespace

template <typename Real>
struct ShardWriter<Real>::Impl {
  std::string path;
  AtomicOutput out;
  // Held by pointer: after a failed write the file cannot be closed, and its destructor would
  // only print "H5Fclose failed"; the tool exits right after the error instead (tool.cpp).
  std::unique_ptr<H5::H5File> fp;
  std::size_t count;
  int n;
  std::size_t frames;
  std::mutex mu;
  H5::DataSet fu, fv;
  bool failed = false;
  explicit Impl(const std::string& p) : path(p), out(p) {}
};

template <typename Real>
ShardWriter<Real>::ShardWriter(const std::string& path, std::size_t count, int n, const std::vector<double>& frame_times)
    : impl_(std::make_unique<Impl>(path)) {
  Impl& w = *impl_;
  w.count = count;
  w.n = n;
  w.frames = frame_times.size();
  H5::Exception::dontPrint();
  try {
    H5::FileCreatPropList fcpl;
    H5::FileAccPropList fapl;
    // Strong close: closing the file closes every object in it and reports a failed write (a
    // full disk) from H5Fclose, instead of deferring it to a destructor that swallows it.
    fapl.setFcloseDegree(H5F_CLOSE_STRONG);
    w.fp = std::make_unique<H5::H5File>(w.out.tmp_path(), H5F_ACC_TRUNC, fcpl, fapl);
    if (w.frames == 0) return;
    write_1d(*w.fp, "frame_times", H5::PredType::NATIVE_DOUBLE, frame_times);
    const hsize_t dims[4] = {count, w.frames, static_cast<hsize_t>(n), static_cast<hsize_t>(n)};
    H5::DataSpace sp(4, dims);
    // Contiguous, allocated and filled at creation: every frame has a fixed place in the file, so
    // the bytes do not depend on the order in which the threads deliver frames (chunks would be
    // allocated in arrival order, compressed ones at arrival size). Gray-Scott frames compress
    // only ~2x, so little is lost.
    H5::DSetCreatPropList p = no_times();
    const Real nan = std::numeric_limits<Real>::quiet_NaN();  // frames after a blow-up
    p.setFillValue(h5_real<Real>(), &nan);
    p.setLayout(H5D_CONTIGUOUS);
    p.setAllocTime(H5D_ALLOC_TIME_EARLY);
    p.setFillTime(H5D_FILL_TIME_ALLOC);
    w.fu = w.fp->createDataSet("frames_u", h5_real<Real>(), sp, p);
    w.fv = w.fp->createDataSet("frames_v", h5_real<Real>(), sp, p);
  } catch (const H5::Exception& e) {
    w.failed = true;
    static_cast<void>(w.fp.release());
    fail("{}: HDF5 write failed ({}): {}", path, e.getDetailMsg(), write_failure_hint(w.out.tmp_path()));
  }
}

template <typename Real>
ShardWriter<Real>::~ShardWriter() {
  if (!impl_ || !impl_->fp) return;
  const QuietCerr quiet;
  if (impl_->failed) static_cast<void>(impl_->fp.release());
}

template <typename Real>
void ShardWriter<Real>::frame(std::size_t i, std::size_t k, const Real* u, const Real* v) {
  Impl& w = *impl_;
  if (i >= w.count || k >= w.frames) throw std::logic_error("ShardWriter::frame: index out of range");
  std::lock_guard<std::mutex> lk(w.mu);
  try {
    const hsize_t count[4] = {1, 1, static_cast<hsize_t>(w.n), static_cast<hsize_t>(w.n)}, start[4] = {i, k, 0, 0};
    H5::DataSpace mem(4, count);
    for (auto [ds, x] : {std::pair{&w.fu, u}, std::pair{&w.fv, v}}) {
      H5::DataSpace file = ds->getSpace();
      file.selectHyperslab(H5S_SELECT_SET, count, start);
      ds->write(x, h5_real<Real>(), mem, file);
    }
  } catch (const H5::Exception& e) {
    w.failed = true;
    fail("{}: HDF5 write failed ({}): {}", w.path, e.getDetailMsg(), write_failure_hint(w.out.tmp_path()));
  }
}

template <typename Real>
void ShardWriter<Real>::finish(const Shard<Real>& s, const ShardAttrs& attrs) {
  Impl& w = *impl_;
  const std::size_t n = s.count();
  const auto cells = static_cast<hsize_t>(s.n) * static_cast<hsize_t>(s.n);
  if (n != w.count || s.n != w.n || s.params.size() != n || s.results.size() != n || s.u.size() != n * cells ||
      s.v.size() != n * cells)
    throw std::logic_error("write_shard: inconsistent shard arrays");
  const QuietCerr quiet;
  try {
    H5::H5File& f = *w.fp;
    write_1d(f, "id", H5::PredType::NATIVE_UINT64, s.id);
    {
      const auto it = attrs.strings.find("kinetics");
      if (it == attrs.strings.end()) throw std::logic_error("write_shard: no kinetics attribute");
      const auto np = static_cast<std::size_t>(kinetics_info(kinetics_from_string(it->second)).n_params);
      std::vector<double> p(n * np);
      for (std::size_t i = 0; i < n; ++i) {
        if (s.params[i].size() != static_cast<int>(np)) throw std::logic_error("write_shard: parameter count");
        std::copy(s.params[i].begin(), s.params[i].end(), p.begin() + static_cast<std::ptrdiff_t>(np * i));
      }
      const hsize_t dims[2] = {n, np};
      H5::DataSpace sp(2, dims);
      f.createDataSet("params", H5::PredType::NATIVE_DOUBLE, sp, no_times()).write(p.data(), H5::PredType::NATIVE_DOUBLE);
    }
    for (const auto& [name, field] : {std::pair<const char*, const std::vector<Real>*>{"u", &s.u}, {"v", &s.v}}) {
      const hsize_t dims[3] = {n, static_cast<hsize_t>(s.n), static_cast<hsize_t>(s.n)};
      H5::DataSpace sp(3, dims);
      H5::DSetCreatPropList p = no_times();
      if (n > 0) {
        const hsize_t chunk[3] = {1, dims[1], dims[2]};  // one pattern per chunk
        p.setChunk(3, chunk);
        p.setShuffle();
        p.setDeflate(4);
      }
      f.createDataSet(name, h5_real<Real>(), sp, p).write(field->data(), h5_real<Real>());
    }
    std::vector<std::int64_t> steps(n);
    std::vector<double> du(n), dv(n);
    std::vector<std::int8_t> st(n);
    for (std::size_t i = 0; i < n; ++i) {
      steps[i] = s.results[i].steps;
      du[i] = s.results[i].max_dudt;
      dv[i] = s.results[i].max_dvdt;
      st[i] = static_cast<std::int8_t>(s.results[i].status);
    }
    write_1d(f, "steps", H5::PredType::NATIVE_INT64, steps);
    write_1d(f, "max_dudt", H5::PredType::NATIVE_DOUBLE, du);
    write_1d(f, "max_dvdt", H5::PredType::NATIVE_DOUBLE, dv);
    write_1d(f, "status", status_type(), st);
    write_attrs(f, attrs);
    if (w.frames > 0) w.fu.close(), w.fv.close();
    f.flush(H5F_SCOPE_GLOBAL);  // throws when the cached data cannot be written
    f.close();
    w.fp.reset();
  } catch (const H5::Exception& e) {
    w.failed = true;
    fail("{}: HDF5 write failed ({}): {}", w.path, e.getDetailMsg(), write_failure_hint(w.out.tmp_path()));
  }
  verify_hdf5_written(w.out.tmp_path(), w.path);
  w.out.commit();
}

template <typename Real>
void write_shard(const std::string& path, const Shard<Real>& s, const ShardAttrs& attrs) {
  ShardWriter<Real>(path, s.count(), s.n, {}).finish(s, attrs);
}

template <typename Real>
Trajectory<Real> read_trajectory(const std::string& path, std::size_t row) {
  H5::Exception::dontPrint();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (!f.nameExists("frames_u"))
      fail("{}: dataset 'frames_u' is missing: expected a shard with frames (simulate.frame_every > 0)", path);
    H5::DataSet du = f.openDataSet("frames_u");
    hsize_t d[4] = {0, 0, 0, 0};
    if (du.getSpace().getSimpleExtentNdims() != 4 || (du.getSpace().getSimpleExtentDims(d), d[2] != d[3]))
      fail("{}: dataset 'frames_u': expected shape [n, F, H, W] with H = W", path);
    if (row >= d[0]) fail("{}: row {}: expected a row below {}", path, row, d[0]);
    H5::DataSet dv = open_checked(f, path, "frames_v", {d[0], d[1], d[2], d[3]});
    H5::DataSet dt = open_checked(f, path, "frame_times", {d[1]});
    Trajectory<Real> t;
    t.n = static_cast<int>(d[2]);
    t.times.resize(d[1]);
    dt.read(t.times.data(), H5::PredType::NATIVE_DOUBLE);
    const hsize_t count[4] = {1, d[1], d[2], d[3]}, start[4] = {row, 0, 0, 0};
    H5::DataSpace mem(4, count);
    for (auto [ds, x] : {std::pair{&du, &t.u}, std::pair{&dv, &t.v}}) {
      x->resize(d[1] * d[2] * d[3]);
      H5::DataSpace file = ds->getSpace();
      file.selectHyperslab(H5S_SELECT_SET, count, start);
      ds->read(x->data(), h5_real<Real>(), mem, file);
    }
    return t;
  } catch (const H5::Exception& e) {
    fail("{}: HDF5 read failed ({}): expected a press shard with frames", path, e.getDetailMsg());
  }
}

template <typename Real>
Shard<Real> read_shard(const std::string& path, ShardAttrs* attrs, const std::vector<std::size_t>* rows,
                       bool with_fields) {
  H5::Exception::dontPrint();
  Shard<Real> s;
  try {
    if (!std::filesystem::exists(path)) fail("{}: no such file: expected a press simulation shard", path);
    if (!H5::H5File::isHdf5(path)) fail("{}: not an HDF5 file: expected a press simulation shard", path);
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (!f.nameExists("u")) fail("{}: dataset 'u' is missing: expected a press simulation shard", path);
    std::vector<hsize_t> ud(3);
    {
      H5::DataSpace sp = f.openDataSet("u").getSpace();
      if (sp.getSimpleExtentNdims() != 3) fail("{}: dataset 'u': expected 3 dimensions [n,H,W]", path);
      sp.getSimpleExtentDims(ud.data());
      if (ud[1] != ud[2]) fail("{}: dataset 'u' has shape [{}]: expected square patterns", path, fmt::join(ud, ","));
    }
    {
      H5::Group root = f.openGroup("/");
      if (root.attrExists("grid")) {  // every press file records its grid: the fields must have it
        double grid = 0;
        root.openAttribute("grid").read(H5::PredType::NATIVE_DOUBLE, &grid);
        if (grid != static_cast<double>(ud[1]))
          fail("{}: dataset 'u' has {}x{} patterns: expected {:g}x{:g} as the attribute 'grid' says", path, ud[1],
               ud[2], grid, grid);
      }
    }
    const hsize_t n = ud[0];
    std::vector<std::size_t> all;
    if (!rows) {
      all.resize(n);
      for (hsize_t i = 0; i < n; ++i) all[i] = i;
      rows = &all;
    }
    for (std::size_t r : *rows)
      if (r >= n) throw std::logic_error(fmt::format("read_shard: row {} of {} rows in {}", r, n, path));
    s.n = static_cast<int>(ud[1]);
    std::vector<std::uint64_t> id(n);
    open_checked(f, path, "id", {n}).read(id.data(), H5::PredType::NATIVE_UINT64);
    const hsize_t np = param_width(f, path);
    std::vector<double> p(n * np);
    open_checked(f, path, "params", {n, np}).read(p.data(), H5::PredType::NATIVE_DOUBLE);
    std::vector<std::int64_t> steps(n);
    std::vector<double> du(n), dv(n);
    std::vector<std::int8_t> st(n);
    open_checked(f, path, "steps", {n}).read(steps.data(), H5::PredType::NATIVE_INT64);
    open_checked(f, path, "max_dudt", {n}).read(du.data(), H5::PredType::NATIVE_DOUBLE);
    open_checked(f, path, "max_dvdt", {n}).read(dv.data(), H5::PredType::NATIVE_DOUBLE);
    {
      H5::DataSet ds = open_checked(f, path, "status", {n});
      if (ds.getTypeClass() != H5T_ENUM)
        fail("{}: dataset 'status' is not an HDF5 enum: expected status values {{ok, blowup, homogeneous}} as "
             "simulate writes them",
             path);
      ds.read(st.data(), status_type());
    }
    for (std::size_t i : *rows) {
      for (hsize_t j = 0; j < np; ++j)  // every reader (split, train, evaluate, fit) sees finite parameters
        if (!std::isfinite(p[np * i + j]))
          fail("{}: id {}: params[{}][{}] = {}: expected finite parameters", path, id[i], i, j, p[np * i + j]);
      s.id.push_back(id[i]);
      s.params.push_back(Params(p.data() + np * i, static_cast<int>(np)));
      s.results.push_back(SampleResult{static_cast<Status>(st[i]), steps[i], du[i], dv[i]});
    }
    const hsize_t cells = ud[1] * ud[2];
    if (with_fields) {
      s.u.resize(rows->size() * cells);
      s.v.resize(s.u.size());
    }
    for (const auto& [name, field] : {std::pair<const char*, std::vector<Real>*>{"u", &s.u}, {"v", &s.v}}) {
      if (!with_fields) break;
      H5::DataSet ds = open_checked(f, path, name, ud);
      if (rows == &all) {
        ds.read(field->data(), h5_real<Real>());
        continue;
      }
      H5::DataSpace file_space = ds.getSpace();
      const hsize_t count[3] = {1, ud[1], ud[2]};
      H5::DataSpace mem_space(3, count);
      for (std::size_t k = 0; k < rows->size(); ++k) {
        const hsize_t start[3] = {(*rows)[k], 0, 0};
        file_space.selectHyperslab(H5S_SELECT_SET, count, start);
        ds.read(field->data() + k * cells, h5_real<Real>(), mem_space, file_space);
      }
    }
    if (attrs) *attrs = read_attrs(f);
  } catch (const H5::Exception& e) {
    fail("{}: HDF5 read failed: {}", path, e.getDetailMsg());
  }
  return s;
}

std::vector<std::uint64_t> read_shard_ids(const std::string& path) {
  H5::Exception::dontPrint();
  try {
    if (!std::filesystem::exists(path)) fail("{}: no such file: expected a press dataset or shard", path);
    if (!H5::H5File::isHdf5(path)) fail("{}: not an HDF5 file: expected a press dataset or shard", path);
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (!f.nameExists("id")) fail("{}: dataset 'id' is missing: expected a press dataset or shard", path);
    H5::DataSet ds = f.openDataSet("id");
    H5::DataSpace sp = ds.getSpace();
    if (sp.getSimpleExtentNdims() != 1) fail("{}: dataset 'id': expected 1 dimension", path);
    hsize_t n = 0;
    sp.getSimpleExtentDims(&n);
    std::vector<std::uint64_t> id(n);
    ds.read(id.data(), H5::PredType::NATIVE_UINT64);
    return id;
  } catch (const H5::Exception& e) {
    fail("{}: HDF5 read failed: {}", path, e.getDetailMsg());
  }
}

template class ShardWriter<float>;
template class ShardWriter<double>;
template Trajectory<float> read_trajectory<float>(const std::string&, std::size_t);
template Trajectory<double> read_trajectory<double>(const std::string&, std::size_t);
template void write_shard<float>(const std::string&, const Shard<float>&, const ShardAttrs&);
template void write_shard<double>(const std::string&, const Shard<double>&, const ShardAttrs&);
template Shard<float> read_shard<float>(const std::string&, ShardAttrs*, const std::vector<std::size_t>*, bool);
template Shard<double> read_shard<double>(const std::string&, ShardAttrs*, const std::vector<std::size_t>*, bool);

}  // namespace press

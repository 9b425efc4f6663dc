#pragma once
// What every HDF5 writer of the io layer shares (private to lib/io): datasets without object
// timestamps (so a rerun writes the same bytes), the check that a written file is whole, and the
// hint a failed write gives.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <H5Cpp.h>

#include "press/core/error.hpp"
#include "press/io/shard_io.hpp"

namespace press {

// Dataset creation properties without object timestamps.
inline H5::DSetCreatPropList no_times() {
  H5::DSetCreatPropList p;
  H5Pset_obj_track_times(p.getId(), false);
  return p;
}

template <typename T>
void write_1d(H5::H5File& f, const char* name, const H5::DataType& type, const std::vector<T>& data) {
  const hsize_t dims[1] = {data.size()};
  H5::DataSpace space(1, dims);
  f.createDataSet(name, type, space, no_times()).write(data.data(), type);
}

// What the OS says about the temporary's directory: a full disk is the usual cause.
inline std::string write_failure_hint(const std::string& tmp) {
  std::error_code ec;
  const auto sp = std::filesystem::space(std::filesystem::path(tmp).parent_path().empty()
                                             ? std::filesystem::path(".")
                                             : std::filesystem::path(tmp).parent_path(),
                                         ec);
  if (ec) return "expected a writable directory";
  return fmt::format("expected room to write (a full disk or a file size limit? {} bytes free)", sp.available);
}

// A written HDF5 file must open and its size must be what HDF5 recorded: a short write that
// slipped past the library would otherwise land under the final name.
inline void verify_hdf5_written(const std::string& tmp, const std::string& final_path) {
  try {
    H5::H5File f(tmp, H5F_ACC_RDONLY);
    const hsize_t want = f.getFileSize();
    f.close();
    std::error_code ec;
    const auto have = std::filesystem::file_size(tmp, ec);
    if (ec || have < want)
      fail("{}: HDF5 write incomplete ({} of {} bytes on disk): {}", final_path, ec ? 0 : have, want,
           write_failure_hint(tmp));
  } catch (const H5::Exception& e) {
    fail("{}: HDF5 write unreadable ({}): {}", final_path, e.getDetailMsg(), write_failure_hint(tmp));
  }
}

// HDF5's C++ destructors print a failed close to std::cerr; the failure itself reaches us as the
// exception of a flush, so keep their lines out of the tool's one-line error.
struct QuietCerr {
  std::streambuf* saved = std::cerr.rdbuf(nullptr);
  ~QuietCerr() {
    std::cerr.rdbuf(saved);
    std::cerr.clear();
  }
};

// The file's attributes: numbers as doubles, strings as fixed-length strings, on the root group.
inline void write_attrs(H5::H5File& f, const ShardAttrs& attrs) {
  H5::Group root = f.openGroup("/");
  H5::DataSpace scalar(H5S_SCALAR);
  for (const auto& [k, val] : attrs.numbers)
    root.createAttribute(k, H5::PredType::NATIVE_DOUBLE, scalar).write(H5::PredType::NATIVE_DOUBLE, &val);
  for (const auto& [k, val] : attrs.strings) {
    H5::StrType t(H5::PredType::C_S1, std::max<std::size_t>(val.size(), 1));
    root.createAttribute(k, t, scalar).write(t, val);
  }
  root.close();
}

inline ShardAttrs read_attrs(const H5::H5File& f) {
  ShardAttrs attrs;
  H5::Group root = f.openGroup("/");
  for (int i = 0; i < root.getNumAttrs(); ++i) {
    H5::Attribute a = root.openAttribute(static_cast<unsigned>(i));
    if (a.getTypeClass() == H5T_STRING) {
      std::string val;
      a.read(a.getStrType(), val);
      attrs.strings[a.getName()] = val;
    } else {
      double val = 0;
      a.read(H5::PredType::NATIVE_DOUBLE, &val);
      attrs.numbers[a.getName()] = val;
    }
  }
  return attrs;
}

}  // namespace press

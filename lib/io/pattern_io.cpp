#include "press/io/pattern_io.hpp"

#include <H5Cpp.h>
#include <png.h>
#include <tiffio.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "press/core/atomic_file.hpp"
#include "press/core/csv.hpp"
#include "press/core/error.hpp"

namespace press {

namespace {

std::string lower_ext(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

// Raw values of a stack of count n x n fields, with whether they are integers of max value `imax`.
struct Raw {
  std::vector<double> x;
  int n = 0;
  std::size_t count = 0;
  bool integer = false;
  double imax = 0;
};

// Square fields, finite values, the value range applied: the patterns of `path`.
std::vector<Pattern> to_patterns(const std::string& path, const Raw& r, const PatternReadOptions& opt) {
  if (r.integer && !opt.value_range)
    fail("{}: integer intensities (0..{:g}): expected --value-range LO HI to map them to u", path, r.imax);
  if (!r.integer && opt.value_range)
    fail("{}: floating-point values are u itself: expected no --value-range (it maps integer images)", path);
  const std::size_t cells = static_cast<std::size_t>(r.n) * r.n;
  std::vector<Pattern> out;
  for (std::size_t k = 0; k < r.count; ++k) {
    Pattern p;
    p.name = r.count > 1 ? fmt::format("{}[{}]", path, k) : path;
    p.n = r.n;
    p.u.resize(cells);
    for (std::size_t i = 0; i < cells; ++i) {
      const double x = r.x[k * cells + i];
      if (!std::isfinite(x))
        fail("{}: pixel ({}, {}){} is {}: expected finite values", path, i / r.n, i % r.n,
             r.count > 1 ? fmt::format(" of pattern {}", k) : "", x);
      const double u = r.integer ? opt.value_range->first + (opt.value_range->second - opt.value_range->first) * x / r.imax : x;
      if (!(std::fabs(u) <= std::numeric_limits<float>::max()))
        fail("{}: pixel ({}, {}){} is {}: expected values within float32's range (+-{:g})", path, i / r.n, i % r.n,
             r.count > 1 ? fmt::format(" of pattern {}", k) : "", u, std::numeric_limits<float>::max());
      p.u[i] = static_cast<float>(u);
    }
    out.push_back(std::move(p));
  }
  return out;
}

void require_square(const std::string& path, std::uint64_t h, std::uint64_t w) {
  if (h != w || h < 4) fail("{}: {} rows x {} columns: expected a square pattern of at least 4x4", path, h, w);
}

// zlib's deflate expands at most 1032:1 (zlib's technical details): a PNG or a deflated TIFF of
// B bytes cannot hold more than 1032 B bytes of pixels.
constexpr std::uint64_t kDeflateMaxRatio = 1032;

std::uint64_t file_bytes(const std::string& path) {
  std::error_code ec;
  const auto b = std::filesystem::file_size(path, ec);
  if (ec) fail("{}: cannot read its size: {}", path, ec.message());
  return b;
}

// Before anything is allocated: `count` square h x w fields of `value_bytes` each, stored in a
// file of `present` bytes that expands at most `ratio` times (1: raw data; 0: unknown, only the
// limit applies). Overflow-safe; the error names the file. Returns the number of values.
std::uint64_t check_declared(const std::string& path, std::uint64_t count, std::uint64_t h, std::uint64_t w,
                             std::uint64_t value_bytes, std::uint64_t present, std::uint64_t ratio) {
  require_square(path, h, w);
  std::uint64_t cells = 0, values = 0, bytes = 0;
  if (__builtin_mul_overflow(h, w, &cells) || __builtin_mul_overflow(cells, count, &values) ||
      values > kMaxPatternValues)
    fail("{}: declares {} pattern(s) of {}x{}: expected at most {} values per file (press's limit)", path, count, h,
         w, kMaxPatternValues);
  bytes = values * value_bytes;  // <= 2^25 * 8: no overflow
  std::uint64_t most = 0;
  if (ratio != 0 && (__builtin_mul_overflow(present, ratio, &most) ? false : bytes > most))
    fail("{}: declares {} pattern(s) of {}x{} ({} bytes of data) but holds {} bytes: expected a complete file", path,
         count, h, w, bytes, present);
  return values;
}

// ---- PNG (libpng). setjmp lives in these two small functions; everything they change is
// reached through the pointer, so nothing local is indeterminate after a longjmp.
struct PngRead {
  std::FILE* f = nullptr;
  png_structp png = nullptr;
  png_infop info = nullptr;
  png_uint_32 w = 0, h = 0;
  int depth = 0, color = 0, interlace = 0;
  std::vector<std::uint8_t> bytes;
  std::vector<png_bytep> rows;
  char msg[256] = {0};
};

void png_error_fn(png_structp p, png_const_charp m) {
  auto* r = static_cast<PngRead*>(png_get_error_ptr(p));
  std::snprintf(r->msg, sizeof r->msg, "%s", m);
  longjmp(png_jmpbuf(p), 1);
}
void png_warning_fn(png_structp, png_const_charp) {}

bool png_header(PngRead* r) {
  if (setjmp(png_jmpbuf(r->png))) return false;
  png_init_io(r->png, r->f);
  png_set_sig_bytes(r->png, 8);
  png_read_info(r->png, r->info);
  png_get_IHDR(r->png, r->info, &r->w, &r->h, &r->depth, &r->color, &r->interlace, nullptr, nullptr);
  return true;
}

bool png_pixels(PngRead* r) {
  if (setjmp(png_jmpbuf(r->png))) return false;
  if (r->depth == 16) png_set_swap(r->png);  // PNG is big-endian; read native 16-bit
  png_read_image(r->png, r->rows.data());
  png_read_end(r->png, nullptr);
  return true;
}

Raw read_png(const std::string& path) {
  PngRead r;
  r.f = std::fopen(path.c_str(), "rb");
  if (!r.f) fail("{}: cannot open: {}", path, std::strerror(errno));
  struct Close {
    PngRead& r;
    ~Close() {
      if (r.png) png_destroy_read_struct(&r.png, r.info ? &r.info : nullptr, nullptr);
      std::fclose(r.f);
    }
  } close{r};
  png_byte sig[8];
  if (std::fread(sig, 1, 8, r.f) != 8 || png_sig_cmp(sig, 0, 8) != 0) fail("{}: not a PNG file: expected a PNG", path);
  r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, png_error_fn, png_warning_fn);
  if (!r.png || !(r.info = png_create_info_struct(r.png))) fail("{}: libpng could not start", path);
  if (!png_header(&r)) fail("{}: {}: expected a valid PNG", path, r.msg);
  if (r.color != PNG_COLOR_TYPE_GRAY)
    fail("{}: PNG colour type {}: expected greyscale (colour type 0) without alpha", path, r.color);
  if (r.depth != 8 && r.depth != 16) fail("{}: {}-bit PNG: expected 8- or 16-bit greyscale", path, r.depth);
  if (r.interlace != PNG_INTERLACE_NONE) png_set_interlace_handling(r.png);
  check_declared(path, 1, r.h, r.w, static_cast<std::uint64_t>(r.depth / 8), file_bytes(path), kDeflateMaxRatio);
  const std::size_t bpp = static_cast<std::size_t>(r.depth / 8), stride = bpp * r.w;
  r.bytes.resize(stride * r.h);
  for (png_uint_32 y = 0; y < r.h; ++y) r.rows.push_back(r.bytes.data() + y * stride);
  if (!png_pixels(&r)) fail("{}: {}: expected a complete PNG (truncated or corrupt?)", path, r.msg);
  Raw raw;
  raw.n = static_cast<int>(r.w);
  raw.count = 1;
  raw.integer = true;
  raw.imax = r.depth == 16 ? 65535.0 : 255.0;
  raw.x.resize(static_cast<std::size_t>(r.w) * r.h);
  for (std::size_t i = 0; i < raw.x.size(); ++i) {
    if (r.depth == 8) {
      raw.x[i] = r.bytes[i];
    } else {
      std::uint16_t v;
      std::memcpy(&v, r.bytes.data() + 2 * i, 2);
      raw.x[i] = v;
    }
  }
  return raw;
}

// ---- TIFF (libtiff): errors come back as return codes; the handler keeps the message.
thread_local std::string g_tiff_msg;
void tiff_error(const char* module, const char* fmt, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  g_tiff_msg = module ? fmt::format("{}: {}", module, buf) : std::string(buf);
}
void tiff_warning(const char*, const char*, va_list) {}

Raw read_tiff(const std::string& path) {
  TIFFSetErrorHandler(tiff_error);
  TIFFSetWarningHandler(tiff_warning);
  g_tiff_msg.clear();
  std::unique_ptr<TIFF, decltype(&TIFFClose)> t(TIFFOpen(path.c_str(), "r"), &TIFFClose);
  if (!t) fail("{}: {}: expected a readable TIFF", path, g_tiff_msg.empty() ? "cannot open" : g_tiff_msg);
  std::uint32_t w = 0, h = 0;
  std::uint16_t bits = 0, spp = 1, fmt_ = SAMPLEFORMAT_UINT, photo = PHOTOMETRIC_MINISBLACK;
  TIFFGetField(t.get(), TIFFTAG_IMAGEWIDTH, &w);
  TIFFGetField(t.get(), TIFFTAG_IMAGELENGTH, &h);
  TIFFGetFieldDefaulted(t.get(), TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(t.get(), TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(t.get(), TIFFTAG_SAMPLEFORMAT, &fmt_);
  TIFFGetField(t.get(), TIFFTAG_PHOTOMETRIC, &photo);
  if (spp != 1) fail("{}: {} samples per pixel: expected greyscale (1)", path, spp);
  if (photo != PHOTOMETRIC_MINISBLACK) fail("{}: photometric {}: expected min-is-black greyscale (1)", path, photo);
  if ((bits != 8 && bits != 16) || fmt_ != SAMPLEFORMAT_UINT)
    fail("{}: {}-bit samples (format {}): expected 8- or 16-bit unsigned greyscale", path, bits, fmt_);
  if (TIFFIsTiled(t.get())) fail("{}: a tiled TIFF: expected strips (the common layout)", path);
  std::uint16_t compression = COMPRESSION_NONE;
  TIFFGetFieldDefaulted(t.get(), TIFFTAG_COMPRESSION, &compression);
  const std::uint64_t ratio = compression == COMPRESSION_NONE ? 1
                              : compression == COMPRESSION_DEFLATE || compression == COMPRESSION_ADOBE_DEFLATE
                                  ? kDeflateMaxRatio
                                  : 0;  // LZW, PackBits, ...: the value limit alone
  check_declared(path, 1, h, w, bits / 8u, file_bytes(path), ratio);
  Raw raw;
  raw.n = static_cast<int>(w);
  raw.count = 1;
  raw.integer = true;
  raw.imax = bits == 16 ? 65535.0 : 255.0;
  raw.x.resize(static_cast<std::size_t>(w) * h);
  std::vector<std::uint8_t> line(static_cast<std::size_t>(TIFFScanlineSize(t.get())));
  for (std::uint32_t y = 0; y < h; ++y) {
    if (TIFFReadScanline(t.get(), line.data(), y, 0) < 0)
      fail("{}: row {}: {}: expected a complete TIFF (truncated or corrupt?)", path, y, g_tiff_msg);
    for (std::uint32_t x = 0; x < w; ++x) {
      double v;
      if (bits == 8) {
        v = line[x];
      } else {
        std::uint16_t s;
        std::memcpy(&s, line.data() + 2 * x, 2);
        v = s;
      }
      raw.x[static_cast<std::size_t>(y) * w + x] = v;
    }
  }
  return raw;
}

// ---- .npy (NumPy's format: magic, version, a Python-literal header dict, raw data).
std::string npy_field(const std::string& header, const std::string& key, const std::string& path) {
  const auto k = header.find("'" + key + "'");
  const auto colon = k == std::string::npos ? k : header.find(':', k);
  if (colon == std::string::npos) fail("{}: .npy header has no '{}': expected a NumPy array file", path, key);
  auto v = colon + 1;
  while (v < header.size() && header[v] == ' ') ++v;
  // The value ends after its closing quote or parenthesis, else before the next ',' or '}'.
  const char open = v < header.size() ? header[v] : '\0';
  const auto close = open == '\'' ? header.find('\'', v + 1) : open == '(' ? header.find(')', v) : header.find_first_of(",}", v);
  if (close == std::string::npos) fail("{}: .npy header: '{}' has no end: expected a NumPy array file", path, key);
  const auto end = open == '\'' || open == '(' ? close + 1 : close;
  return header.substr(v, end - v);
}

// "(N, H, W)", "(H, W)": sizes as decimal digits only (no sign, no expression), at most 19 digits (below 2^64).
std::vector<std::uint64_t> npy_shape(const std::string& shape, const std::string& path) {
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')')
    fail("{}: .npy shape {}: expected a tuple of sizes", path, shape);
  std::vector<std::uint64_t> dims;
  std::stringstream ss(shape.substr(1, shape.size() - 2));
  for (std::string tok; std::getline(ss, tok, ',');) {
    const auto a = tok.find_first_not_of(' '), b = tok.find_last_not_of(' ');
    if (a == std::string::npos) continue;  // "(5,)"
    tok = tok.substr(a, b + 1 - a);
    if (tok.size() > 19 || tok.find_first_not_of("0123456789") != std::string::npos)
      fail("{}: .npy shape {}: size '{}': expected non-negative integer sizes", path, shape, tok);
    dims.push_back(std::stoull(tok));
  }
  return dims;
}

Raw read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open: {}", path, std::strerror(errno));
  const std::uint64_t size = file_bytes(path);
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) fail("{}: not a .npy file: expected NumPy's format", path);
  std::uint32_t hlen = 0;
  std::uint64_t start = 8;
  if (magic[6] == 1) {
    std::uint16_t h16 = 0;
    in.read(reinterpret_cast<char*>(&h16), 2);
    hlen = h16;
    start += 2;
  } else {
    in.read(reinterpret_cast<char*>(&hlen), 4);
    start += 4;
  }
  if (!in || start + hlen > size)
    fail("{}: .npy header of {} bytes in a file of {}: expected a complete .npy file", path, hlen, size);
  std::string header(hlen, '\0');
  if (!in.read(header.data(), hlen)) fail("{}: truncated .npy header", path);
  const std::string descr = npy_field(header, "descr", path), order = npy_field(header, "fortran_order", path);
  const std::string shape = npy_field(header, "shape", path);
  const std::vector<std::uint64_t> dims = npy_shape(shape, path);
  if (dims.size() != 2 && dims.size() != 3)
    fail("{}: shape {}: expected (H, W) or a stack (N, H, W)", path, shape);
  const bool fortran = order == "True";
  const std::uint64_t count = dims.size() == 3 ? dims[0] : 1, h = dims[dims.size() - 2], w = dims.back();
  struct Type { const char* d; int size; bool integer; double imax; };
  static const Type types[] = {{"'<f4'", 4, false, 0}, {"'<f8'", 8, false, 0},   {"'|u1'", 1, true, 255},
                               {"'<u2'", 2, true, 65535}, {"'|i1'", 1, true, 127}, {"'<i2'", 2, true, 32767}};
  const Type* ty = nullptr;
  for (const auto& t : types)
    if (descr == t.d) ty = &t;
  if (!ty) fail("{}: dtype {}: expected little-endian float32/float64 or (u)int8/16", path, descr);
  const std::size_t total =
      check_declared(path, count, h, w, static_cast<std::uint64_t>(ty->size), size - start - hlen, 1);
  std::vector<char> bytes(total * ty->size);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    fail("{}: {} of {} data bytes: expected a complete .npy file", path, in.gcount(), bytes.size());
  Raw raw;
  raw.n = static_cast<int>(w);
  raw.count = count;
  raw.integer = ty->integer;
  raw.imax = ty->imax;
  raw.x.resize(total);
  for (std::size_t i = 0; i < total; ++i) {
    const char* p = bytes.data() + i * ty->size;
    double v = 0;
    if (!std::strcmp(ty->d, "'<f4'")) { float f; std::memcpy(&f, p, 4); v = f; }
    else if (!std::strcmp(ty->d, "'<f8'")) { std::memcpy(&v, p, 8); }
    else if (!std::strcmp(ty->d, "'|u1'")) { v = static_cast<std::uint8_t>(*p); }
    else if (!std::strcmp(ty->d, "'<u2'")) { std::uint16_t s; std::memcpy(&s, p, 2); v = s; }
    else if (!std::strcmp(ty->d, "'|i1'")) { v = static_cast<std::int8_t>(*p); }
    else { std::int16_t s; std::memcpy(&s, p, 2); v = s; }
    // Fortran order: element (k, y, x) is at k + count*(y + h*x); C order: (k*h + y)*w + x.
    std::size_t dst = i;
    if (fortran) {
      const std::size_t k = i % count, y = (i / count) % h, x = i / (count * h);
      dst = (k * h + y) * w + x;
    }
    raw.x[dst] = v;
  }
  return raw;
}

// ---- HDF5: a named 2-D or 3-D dataset.
Raw read_h5(const std::string& path, const std::string& name) {
  H5::Exception::dontPrint();
  if (name.empty()) fail("{}: an HDF5 file: expected --h5-dataset NAME (e.g. /u of a press shard)", path);
  try {
    if (!H5::H5File::isHdf5(path)) fail("{}: not an HDF5 file: expected HDF5 with dataset {}", path, name);
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (!f.nameExists(name)) fail("{}: no dataset '{}': expected --h5-dataset to name one", path, name);
    H5::DataSet d = f.openDataSet(name);
    H5::DataSpace sp = d.getSpace();
    const int nd = sp.getSimpleExtentNdims();
    if (nd != 2 && nd != 3) fail("{}: dataset '{}' has {} dimensions: expected (H, W) or (N, H, W)", path, name, nd);
    std::vector<hsize_t> dims(static_cast<std::size_t>(nd));
    sp.getSimpleExtentDims(dims.data());
    const std::size_t type_bytes = d.getDataType().getSize();
    // Unfiltered data hold every value they declare (a chunked dataset whose chunks were never
    // written stores none); filtered (compressed) data are held to the value limit alone.
    const bool raw_data = H5Pget_nfilters(d.getCreatePlist().getId()) == 0;
    check_declared(path, nd == 3 ? dims[0] : 1, dims[nd - 2], dims[nd - 1], type_bytes, d.getStorageSize(),
                   raw_data ? 1 : 0);
    Raw raw;
    raw.n = static_cast<int>(dims[nd - 1]);
    raw.count = nd == 3 ? dims[0] : 1;
    const H5T_class_t cls = d.getTypeClass();
    if (cls != H5T_FLOAT && cls != H5T_INTEGER)
      fail("{}: dataset '{}' is not numeric: expected integer or floating-point values", path, name);
    raw.integer = cls == H5T_INTEGER;
    if (raw.integer) {
      const H5::IntType it = d.getIntType();
      const std::size_t bits = 8 * it.getSize();
      raw.imax = it.getSign() == H5T_SGN_NONE ? std::ldexp(1.0, static_cast<int>(bits)) - 1
                                             : std::ldexp(1.0, static_cast<int>(bits) - 1) - 1;
    }
    raw.x.resize(raw.count * raw.n * raw.n);
    d.read(raw.x.data(), H5::PredType::NATIVE_DOUBLE);
    return raw;
  } catch (const H5::Exception& e) {
    fail("{}: dataset '{}': HDF5 read failed: {}", path, name, e.getDetailMsg());
  }
}

// ---- CSV matrix.
Raw read_csv_matrix(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("{}: cannot open: {}", path, std::strerror(errno));
  Raw raw;
  raw.count = 1;
  std::size_t width = 0, rows = 0;
  std::string line;
  for (long lineno = 1; std::getline(in, line); ++lineno) {
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto f = split_csv_line(line);
    if (rows == 0) width = f.size();
    if (f.size() != width) fail("{}: line {}: {} values: expected {} as in line 1", path, lineno, f.size(), width);
    if (raw.x.size() + f.size() > kMaxPatternValues)
      fail("{}: line {}: more than {} values: expected at most that many per file (press's limit)", path, lineno,
           kMaxPatternValues);
    for (std::size_t c = 0; c < f.size(); ++c) {
      double v = 0;
      if (!parse_finite(f[c], v))
        fail("{}: line {}: column {}: '{}': expected a finite number (a CSV matrix has no header)", path, lineno,
             c + 1, f[c]);
      raw.x.push_back(v);
    }
    ++rows;
  }
  require_square(path, rows, width);
  raw.n = static_cast<int>(width);
  return raw;
}

}  // namespace

std::vector<Pattern> read_patterns(const std::string& path, const PatternReadOptions& opt) {
  if (!std::filesystem::is_regular_file(path)) fail("{}: no such file: expected an image or array file", path);
  if (opt.value_range) {
    // u is float32: both ends, and the span between them, within its range.
    const auto [lo, hi] = *opt.value_range;
    const double most = std::numeric_limits<float>::max();
    if (!(hi > lo && std::fabs(lo) <= most && std::fabs(hi) <= most && hi - lo <= most))
      fail("--value-range {} {}: expected LO < HI, both and HI - LO finite within float32's range (+-{:g})", lo, hi,
           most);
  }
  const std::string e = lower_ext(path);
  Raw r;
  if (e == ".png") r = read_png(path);
  else if (e == ".tif" || e == ".tiff") r = read_tiff(path);
  else if (e == ".npy") r = read_npy(path);
  else if (e == ".h5" || e == ".hdf5") r = read_h5(path, opt.h5_dataset);
  else if (e == ".csv") r = read_csv_matrix(path);
  else fail("{}: extension '{}': expected .png, .tif, .tiff, .npy, .h5, .hdf5 or .csv", path, e);
  if (r.count == 0) fail("{}: no patterns: expected at least one", path);
  return to_patterns(path, r, opt);
}

std::vector<float> resample_periodic(const std::vector<float>& u, int n, int m) {
  std::vector<float> out(static_cast<std::size_t>(m) * m);
  const double scale = static_cast<double>(n) / m;
  auto at = [&](long y, long x) { return static_cast<double>(u[static_cast<std::size_t>(((y % n) + n) % n) * n + ((x % n) + n) % n]); };
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < m; ++j) {
      const double y = (i + 0.5) * scale - 0.5, x = (j + 0.5) * scale - 0.5;  // pixel centres
      const long y0 = static_cast<long>(std::floor(y)), x0 = static_cast<long>(std::floor(x));
      const double fy = y - y0, fx = x - x0;
      out[static_cast<std::size_t>(i) * m + j] = static_cast<float>(
          (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1)));
    }
  return out;
}

void write_png16(const AtomicOutput& out, const std::vector<float>& u, int n) {
  const auto [lo_it, hi_it] = std::minmax_element(u.begin(), u.end());
  const double lo = *lo_it, span = std::max(1e-30, static_cast<double>(*hi_it) - lo);
  std::vector<std::uint16_t> px(u.size());  // the simplified API takes native-endian 16-bit values
  for (std::size_t i = 0; i < u.size(); ++i) px[i] = static_cast<std::uint16_t>(std::lround(65535.0 * (u[i] - lo) / span));
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = img.height = static_cast<png_uint_32>(n);
  img.format = PNG_FORMAT_LINEAR_Y;  // 16-bit greyscale, written as is
  if (!png_image_write_to_file(&img, out.tmp_path().c_str(), 0, px.data(), 0, nullptr))
    fail("{}: PNG write failed: {}", out.final_path(), img.message);
}

}  // namespace press

#include "press/app/tool.hpp"

#include "press/app/config_rules.hpp"

#include <fcntl.h>
#include <link.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "press/core/csv.hpp"
#include "press/core/error.hpp"
#include "press/core/parallel.hpp"

#ifndef PRESS_VERSION
#define PRESS_VERSION "unknown"
#endif

namespace press {


const CLI::Validator kFiniteNonNegative(
    [](std::string& v) {
      double x = 0;
      if (parse_finite(v, x) && x >= 0) return std::string();
      return "value " + v + ": expected a finite number >= 0";
    },
    "NUMBER >= 0");

Tool::Tool(std::string name, std::string description, Flags flags)
    : name_(std::move(name)), app_(std::move(description), name_) {
  app_.set_version_flag("--version", std::string(name_) + " (press) " + PRESS_VERSION);
  app_.add_flag("--check-config", "only check the config (schema and the rules between keys), then exit");
  app_.add_option("--config", config_path_, "press config (YAML, validated against config/schema.yaml)")
      ->required();
  if (flags.threads)
    app_.add_option("--threads", threads_, "worker threads (0 = all cores; overrides config 'threads')")
        ->check(CLI::NonNegativeNumber);
  if (flags.seed)
    app_.add_option("--seed", seed_, "master seed (overrides config 'seed')")->check(CLI::NonNegativeNumber);
}

void Tool::override_key(CLI::Option* opt, std::string key) { overrides_.emplace_back(opt, std::move(key)); }

namespace {

// An error is one line of bounded length: a 50 MB value is not echoed whole.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  constexpr std::size_t kMax = 600;
  if (s.size() > kMax) s = s.substr(0, kMax) + "... (" + std::to_string(s.size()) + " characters)";
  return s;
}

// With PRESS_TRACE_CONFIG=FILE, append "TOOL KEY" for each config key the run read, in one
// write (O_APPEND: parallel jobs do not interleave lines).
void trace_keys(const std::string& tool, const Config& cfg) {
  const char* path = std::getenv("PRESS_TRACE_CONFIG");
  if (!path || !*path) return;
  std::string text;
  for (const auto& k : cfg.keys_read()) text += tool + " " + k + "\n";
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    fail("PRESS_TRACE_CONFIG {}: cannot append: {}", path, std::strerror(errno));
  ::close(fd);
}

// reproducible: strict. The code paths that differ between x86-64 CPUs are chosen when a
// library loads (glibc's libm variants through ld.so, OpenBLAS's kernels) or first runs
// (LibTorch's and oneDNN's), from the environment: pin them to their SSE baselines and start
// this process again so that the loader sees it. Measured (docs/reproducibility.md): with
// these, each stage gives the same bits on an AVX2/FMA CPU and on an emulated Nehalem.
constexpr const char* kStrictEnv[][2] = {
    {"GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4"},  // libm's exp, log, pow without FMA
    {"OPENBLAS_CORETYPE", "Nehalem"},
    {"ATEN_CPU_CAPABILITY", "default"},
    {"ONEDNN_MAX_CPU_ISA", "SSE41"},
};

// Whether the environment holds every pin of kStrictEnv, with its value: the variables
// themselves are checked, not a flag that says they were set.
bool cpu_code_paths_pinned() {
  for (const auto& [k, v] : kStrictEnv) {
    const char* have = std::getenv(k);
    if (!have || std::strcmp(have, v) != 0) return false;
  }
  return true;
}

// The dynamic loader this process was started through, or "": `ld.so TOOL ARGS` runs the loader
// as /proc/self/exe, and the restart must go through it again with TOOL in front.
std::string started_through_loader() {
  std::string interp;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        for (int i = 0; i < info->dlpi_phnum; ++i)
          if (info->dlpi_phdr[i].p_type == PT_INTERP)
            *static_cast<std::string*>(out) = reinterpret_cast<const char*>(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
        return 1;  // the first object is the program itself
      },
      &interp);
  char exe[PATH_MAX], ld[PATH_MAX];
  if (interp.empty() || !::realpath("/proc/self/exe", exe) || !::realpath(interp.c_str(), ld)) return "";
  return std::strcmp(exe, ld) == 0 ? std::string(ld) : "";
}

void pin_cpu_code_paths(int argc, char** argv) {
  if (cpu_code_paths_pinned()) return;
  for (const auto& [k, v] : kStrictEnv) ::setenv(k, v, 1);
  std::vector<char*> args;
  const std::string loader = started_through_loader();
  if (!loader.empty()) args.push_back(const_cast<char*>(loader.c_str()));
  args.insert(args.end(), argv, argv + argc);
  args.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv("/proc/self/exe", args.data());
  fail("reproducible: strict: cannot restart with the pinned code paths: {}", std::strerror(errno));
}

}  // namespace

int Tool::run(int argc, char** argv, const std::function<void(ToolContext&)>& body) {
  // `TOOL --config C --check-config`: the whole config check (schema and cross-key rules) alone,
  // without the tool's other required options; the workflow runs it before any job.
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--check-config") != 0) continue;
    for (int j = 1; j + 1 < argc; ++j)
      if (std::strcmp(argv[j], "--config") == 0) {
        try {
          check_config_rules(Config::load(argv[j + 1]));
          fmt::print(stderr, "{}: {}: config OK\n", name_, argv[j + 1]);
          return 0;
        } catch (const Error& e) {
          fmt::print(stderr, "{}: error: {}\n", name_, one_line(e.what()));
          return 1;
        }
      }
    fmt::print(stderr, "{}: error: --check-config: expected --config FILE\n", name_);
    return 2;
  }
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app_.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app_.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app_.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "{}: error: {} (see --help)\n", name_, e.what());
    return 2;
  }
  try {
    Config cfg = Config::load(config_path_);
    const bool strict = cfg.get<std::string>("reproducible") == "strict";
    if (strict) pin_cpu_code_paths(argc, argv);
    if (seed_) cfg.set("seed", std::to_string(*seed_));
    if (threads_) cfg.set("threads", std::to_string(*threads_));
    for (const auto& [opt, key] : overrides_)
      if (opt->count() > 0) cfg.set(key, opt->as<std::string>());
    check_config_rules(cfg);  // after the overrides, which may break a rule
    Log log(name_);
    if (cpu_code_paths_pinned()) {  // only what is true: strict pinned them, or the environment did
      std::string pins;
      for (const auto& [k, v] : kStrictEnv) pins += fmt::format(" {}={}", k, v);
      log.info("reproducible: {}: CPU code paths pinned:{}", strict ? "strict" : "default (by the environment)", pins);
    }
    ToolContext ctx{cfg, log, resolve_threads(cfg.get<int>("threads"))};
    body(ctx);
    trace_keys(name_, cfg);
    return 0;
  } catch (const Error& e) {
    fmt::print(stderr, "{}: error: {}\n", name_, one_line(e.what()));
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: error: internal: {}\n", name_, one_line(e.what()));
  }
  // Failed: every temporary was removed while the exception unwound. Exit without the
  // libraries' teardown, which after a failed write (a full disk) would try to flush the
  // half-written HDF5 file again and crash (HDF5 1.10's atexit handler).
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(1);
}

}  // namespace press

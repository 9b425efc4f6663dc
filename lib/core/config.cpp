#include "press/core/config.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "press/core/error.hpp"

namespace press {

extern const char* const kEmbeddedSchema;  // generated from config/schema.yaml by CMake

namespace {

const YAML::Node& embedded_schema() {
  static const YAML::Node schema = YAML::Load(kEmbeddedSchema);
  return schema;
}

std::string show(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

bool as_number(const YAML::Node& n, double& out) {
  if (!n.IsScalar()) return false;
  try {
    out = n.as<double>();
  } catch (const YAML::Exception&) {
    return false;
  }
  // yaml-cpp accepts ".nan"/".inf"; a config value must be finite.
  return std::isfinite(out);
}

bool is_integer(const YAML::Node& n) {
  double d = 0;
  if (!as_number(n, d)) return false;
  const std::string& s = n.Scalar();
  return std::floor(d) == d && s.find_first_of(".eE") == std::string::npos;
}

bool is_bool(const YAML::Node& n) {
  if (!n.IsScalar()) return false;
  const std::string& s = n.Scalar();
  return s == "true" || s == "false";
}

std::string expected_type(const YAML::Node& schema) {
  const std::string type = schema["type"].as<std::string>();
  std::string what = (type == "integer" || type == "object" || type == "array" ? "an " : "a ") + type;
  if (schema["enum"]) what = "one of " + show(schema["enum"]);
  std::string bounds;
  if (type == "integer" && !schema["maximum"] && !schema["exclusiveMaximum"] && !schema["enum"])
    return what + (schema["minimum"] ? " >= " + schema["minimum"].Scalar() : std::string()) + " and <= 2147483647";
  if (schema["minimum"]) bounds += " >= " + schema["minimum"].Scalar();
  if (schema["exclusiveMinimum"]) bounds += " > " + schema["exclusiveMinimum"].Scalar();
  if (schema["maximum"]) bounds += (bounds.empty() ? " <= " : " and <= ") + schema["maximum"].Scalar();
  if (schema["exclusiveMaximum"]) bounds += (bounds.empty() ? " < " : " and < ") + schema["exclusiveMaximum"].Scalar();
  return what + bounds;
}

// Validate `value` against `schema` (JSON-Schema subset: type, properties, required,
// additionalProperties, enum, minimum/maximum, exclusiveMinimum/Maximum, items, min/maxItems,
// default) and fill defaults in place. `where` is the file name for messages.
void validate_against_schema(YAML::Node value, const YAML::Node& schema, const std::string& where,
                             const std::string& key_path) {
  const std::string type = schema["type"] ? schema["type"].as<std::string>() : "";
  auto bad = [&]() {
    fail("{}: key '{}': value {}: expected {}", where, key_path, show(value), expected_type(schema));
  };
  if (type == "object") {
    if (!value.IsMap()) bad();
    const YAML::Node props = schema["properties"];
    const bool closed = schema["additionalProperties"] && !schema["additionalProperties"].as<bool>();
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      if (closed && !(props && props[k]))
        fail("{}: unknown key '{}': expected one of the keys in config/schema.yaml", where, join(key_path, k));
    }
    if (schema["required"])
      for (const auto& r : schema["required"]) {
        const std::string k = r.as<std::string>();
        if (!value[k]) fail("{}: missing key '{}': required by config/schema.yaml", where, join(key_path, k));
      }
    if (props)
      for (auto it = props.begin(); it != props.end(); ++it) {
        const std::string k = it->first.as<std::string>();
        const YAML::Node sub = it->second;
        if (!value[k]) {
          if (sub["default"]) value[k] = YAML::Clone(sub["default"]);
          else if (sub["type"] && sub["type"].as<std::string>() == "object") value[k] = YAML::Node(YAML::NodeType::Map);
          else continue;
        }
        validate_against_schema(value[k], sub, where, join(key_path, k));
      }
    return;
  }
  if (type == "array") {
    if (!value.IsSequence()) bad();
    const auto n = static_cast<long>(value.size());
    if ((schema["minItems"] && n < schema["minItems"].as<long>()) ||
        (schema["maxItems"] && n > schema["maxItems"].as<long>()))
      fail("{}: key '{}': value {}: expected a list of {} items", where, key_path, show(value),
           schema["minItems"].Scalar());
    for (std::size_t i = 0; i < value.size(); ++i)
      validate_against_schema(value[i], schema["items"], where, fmt::format("{}[{}]", key_path, i));
    return;
  }
  // A number or boolean is a plain scalar: "30" or !!str 30 is a string in YAML (and to Snakemake).
  if ((type == "boolean" || type == "number" || type == "integer") && value.IsScalar() && value.Tag() != "?") bad();
  if (type == "string") {
    if (!value.IsScalar()) bad();
    if (value.Scalar().find('\n') != std::string::npos)
      fail("{}: key '{}': a string spanning lines: expected a one-line value (an unterminated quote?)", where,
           key_path);
  } else if (type == "boolean") {
    if (!is_bool(value)) bad();
  } else if (type == "number" || type == "integer") {
    double d = 0;
    if (!as_number(value, d) || (type == "integer" && !is_integer(value))) bad();
    // Every integer key is read as a C++ int (or a seed as uint32): without a schema maximum,
    // bound it there, so that a huge value is a schema error naming the key.
    if (type == "integer" && !schema["maximum"] && (d > 2147483647.0 || d < -2147483648.0)) bad();
    if ((schema["minimum"] && d < schema["minimum"].as<double>()) ||
        (schema["maximum"] && d > schema["maximum"].as<double>()) ||
        (schema["exclusiveMinimum"] && d <= schema["exclusiveMinimum"].as<double>()) ||
        (schema["exclusiveMaximum"] && d >= schema["exclusiveMaximum"].as<double>()))
      bad();
  }
  if (schema["enum"]) {
    bool found = false;
    for (const auto& e : schema["enum"]) found = found || e.Scalar() == value.Scalar();
    if (!found) bad();
  }
}


// yaml-cpp keeps the first of two equal keys and Snakemake's PyYAML the last, so a run by hand
// and the workflow would read different configs: refuse them.
void reject_duplicate_keys(const YAML::Node& n, const std::string& origin, const std::string& path) {
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) fail("{}: line {}: a non-scalar key under '{}': expected plain keys", origin,
                                      it->first.Mark().line + 1, path.empty() ? "(top level)" : path);
      const std::string k = it->first.Scalar();
      if (!seen.insert(k).second)
        fail("{}: line {}: key '{}' appears twice: expected each key once", origin, it->first.Mark().line + 1,
             join(path, k));
      reject_duplicate_keys(it->second, origin, join(path, k));
    }
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) reject_duplicate_keys(n[i], origin, fmt::format("{}[{}]", path, i));
  }
}

// A pass over the parser's events, before any node is built. It counts the documents and refuses:
// - anchors and aliases: yaml-cpp 0.7 builds `a: &x [*x]` as a cycle (every walk of it overflows
//   the stack) and expands nested aliases exponentially; a config has no use for either;
// - a quoted value over several lines (check_one_line);
// - a document that starts where the previous one started: on a token it cannot place (a ','
//   in block context, as in ",#" or "'a'\n,b") yaml-cpp 0.7 returns an empty document without
//   consuming it, so YAML::LoadAll loops forever (found by tests/fuzz/fuzz_config.cpp).
class StructureCheck : public YAML::EventHandler {
 public:
  StructureCheck(const std::string& text, const std::string& origin) : text_(text), origin_(origin) {}
  std::size_t documents() const { return documents_; }
  void OnDocumentStart(const YAML::Mark& m) override {
    if (documents_ > 0 && m.pos == last_start_)
      fail("{}: line {}: a token that starts no key or value (a stray ','?): expected a YAML mapping", origin_,
           m.line + 1);
    last_start_ = m.pos;
    ++documents_;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { check(m, a); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { refuse(m, "an alias ('*')"); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a, const std::string&) override {
    check(m, a);
    check_one_line(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
    check(m, a);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
    check(m, a);
  }
  void OnMapEnd() override {}

 private:
  void check(const YAML::Mark& m, YAML::anchor_t a) const {
    if (a != YAML::NullAnchor) refuse(m, "an anchor ('&')");
  }
  // A quoted scalar that runs over several lines is folded into one by YAML: an unterminated
  // quote would swallow the keys below it, which then silently take their defaults.
  void check_one_line(const YAML::Mark& m) const {
    if (m.pos < 0 || static_cast<std::size_t>(m.pos) >= text_.size()) return;
    const char q = text_[static_cast<std::size_t>(m.pos)];
    if (q != '"' && q != '\'') return;
    for (std::size_t i = static_cast<std::size_t>(m.pos) + 1; i < text_.size(); ++i) {
      if (text_[i] == '\n')
        fail("{}: line {}: a quoted value that runs over several lines (an unterminated quote?): expected a one-line "
             "value",
             origin_, m.line + 1);
      if (q == '"' && text_[i] == '\\') ++i;  // an escape: \" does not close
      else if (text_[i] == q && !(q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'')) return;
      else if (text_[i] == q) ++i;  // '' inside single quotes
    }
  }
  [[noreturn]] void refuse(const YAML::Mark& m, const char* what) const {
    fail("{}: line {}: {}: expected plain values (anchors and aliases are not supported)", origin_, m.line + 1, what);
  }
  const std::string& text_;
  std::string origin_;
  std::size_t documents_ = 0;
  int last_start_ = -1;
};

// The number of YAML documents in yaml_text, after StructureCheck has passed each.
std::size_t count_documents(const std::string& yaml_text, const std::string& origin) {
  std::istringstream in(yaml_text);
  YAML::Parser parser(in);
  StructureCheck check(yaml_text, origin);
  while (parser.HandleNextDocument(check)) {
  }
  return check.documents();
}

}  // namespace

// Before yaml-cpp builds nodes: a NUL byte (a binary file), then StructureCheck.
YAML::Node load_yaml_document(const std::string& yaml_text, const std::string& origin) {
  if (yaml_text.find('\0') != std::string::npos) fail("{}: a NUL byte: expected a YAML text file", origin);
  try {
    const std::size_t docs = count_documents(yaml_text, origin);
    if (docs > 1) fail("{}: {} YAML documents: expected one (a second '---' would be ignored)", origin, docs);
    return docs == 1 ? YAML::Load(yaml_text) : YAML::Node();
  } catch (const YAML::Exception& e) {
    fail("{}: line {}: invalid YAML: {}", origin, e.mark.line + 1, e.msg);
  }
}

Config Config::parse(const std::string& yaml_text, const std::string& origin) {
  const YAML::Node root = load_yaml_document(yaml_text, origin);
  reject_duplicate_keys(root, origin, "");
  if (!root.IsMap()) fail("{}: expected a YAML mapping at the top level", origin);
  validate_against_schema(root, embedded_schema(), origin, "");
  return Config(root, origin);
}

Config Config::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("{}: cannot read config file: no such file or not readable", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

YAML::Node Config::node(const std::string& key) const {
  if (tracing_) read_.insert(key);
  YAML::Node n = root_;  // yaml-cpp nodes are handles; walk copies, not the root
  YAML::Node schema = embedded_schema();  // rebind with reset(): operator= writes through
  std::stringstream ss(key);
  std::string part;
  while (std::getline(ss, part, '.')) {
    schema.reset(schema["properties"][part]);
    if (!schema) throw std::logic_error("press::Config: key not in schema: " + key);
    n.reset(n[part]);
  }
  if (!n) throw std::logic_error("press::Config: key has no value: " + key);
  return n;
}

template <typename T>
T Config::get(const std::string& key) const {
  return node(key).as<T>();
}
template double Config::get<double>(const std::string&) const;
template long Config::get<long>(const std::string&) const;
template int Config::get<int>(const std::string&) const;
template bool Config::get<bool>(const std::string&) const;
template std::string Config::get<std::string>(const std::string&) const;
template std::vector<double> Config::get<std::vector<double>>(const std::string&) const;
template std::vector<long> Config::get<std::vector<long>>(const std::string&) const;
template std::vector<std::string> Config::get<std::vector<std::string>>(const std::string&) const;
template std::vector<std::vector<std::vector<int>>> Config::get<std::vector<std::vector<std::vector<int>>>>(const std::string&) const;

bool Config::has(const std::string& key) const {
  YAML::Node n = root_;
  std::stringstream ss(key);
  std::string part;
  while (std::getline(ss, part, '.')) {
    if (!n.IsMap()) return false;
    n.reset(n[part]);
    if (!n) return false;
  }
  return true;
}

std::vector<std::string> Config::keys_of(const std::string& key) const {
  std::vector<std::string> keys;
  if (!has(key)) return keys;
  for (const auto& kv : node(key)) keys.push_back(kv.first.as<std::string>());
  return keys;
}

std::vector<double> Config::get_range(const std::string& key) const {
  auto r = node(key).as<std::vector<double>>();
  if (!(r[0] < r[1])) fail("{}: key '{}': value [{}, {}]: expected [lo, hi] with lo < hi", origin_, key, r[0], r[1]);
  return r;
}

void Config::set(const std::string& key, const std::string& value) {
  YAML::Node schema = embedded_schema();
  YAML::Node n = root_;
  std::stringstream ss(key);
  std::string part;
  std::vector<std::string> parts;
  while (std::getline(ss, part, '.')) parts.push_back(part);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) n.reset(n[parts[i]]);
  n[parts.back()] = load_yaml_document(value, fmt::format("command line: key '{}': value '{}'", key, value));
  for (const auto& p : parts) schema.reset(schema["properties"][p]);
  validate_against_schema(n[parts.back()], schema, "command line", key);
}

}  // namespace press

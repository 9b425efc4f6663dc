#include "press/report/text_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <stdexcept>

namespace press {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Replaces each delim...delim span of s (no delimiter inside) by <tag>...</tag>.
std::string spans(const std::string& s, const std::string& delim, const char* tag) {
  std::string out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t a = s.find(delim, at);
    const std::size_t b = a == std::string::npos ? a : s.find(delim, a + delim.size());
    if (b == std::string::npos || b == a + delim.size()) return out + s.substr(at);
    out += s.substr(at, a - at) + fmt::format("<{}>{}</{}>", tag, s.substr(a + delim.size(), b - a - delim.size()), tag);
    at = b + delim.size();
  }
}

std::string inline_html(const std::string& text) {
  return spans(spans(spans(escape(text), "`", "code"), "**", "strong"), "*", "em");
}

}  // namespace

std::string markdown(const TextTable& t) {
  std::string out = fmt::format("# {}\n\n", t.title);
  for (const auto& p : t.paragraphs) out += p + "\n\n";
  out += fmt::format("| {} |\n|", fmt::join(t.head, " | "));
  for (std::size_t i = 0; i < t.head.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : t.rows) {
    if (r.size() != t.head.size()) throw std::logic_error("TextTable: a row not as wide as the head");
    out += fmt::format("| {} |\n", fmt::join(r, " | "));
  }
  return out;
}

std::string html_sections(const std::vector<std::pair<std::string, TextTable>>& tables) {
  std::map<std::string, std::string> seen;  // a bold-led paragraph -> the section that showed it
  std::string out;
  for (const auto& [name, t] : tables) {
    out += fmt::format("<section id=\"{}\">\n<h3>{}</h3>\n", escape(name), inline_html(t.title));
    for (const auto& p : t.paragraphs) {
      const auto it = seen.find(p);
      if (it != seen.end()) {
        const std::string label = p.substr(2, p.find('.') - 2);  // "**Metrics.** ..." -> "Metrics"
        out += fmt::format("<p class=\"note\">{}: as under <a href=\"#{}\">{}</a>.</p>\n", escape(label),
                           escape(it->second), escape(it->second));
        continue;
      }
      if (p.rfind("**", 0) == 0) seen.emplace(p, name);
      out += fmt::format("<p>{}</p>\n", inline_html(p));
    }
    out += "<div class=\"scroll\"><table><thead><tr>";
    for (const auto& h : t.head) out += fmt::format("<th>{}</th>", inline_html(h));
    out += "</tr></thead><tbody>\n";
    for (const auto& r : t.rows) {
      out += "<tr>";
      for (const auto& c : r) out += fmt::format("<td>{}</td>", inline_html(c));
      out += "</tr>\n";
    }
    out += "</tbody></table></div>\n</section>\n";
  }
  return out;
}

}  // namespace press

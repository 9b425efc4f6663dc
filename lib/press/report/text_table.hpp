#pragma once
// A table for people, held as cells once and rendered twice: as Markdown (tabulate's
// table<N>.md) and as HTML (tables.html, which report.py embeds as is, so no script parses
// Markdown). Prose may carry tabulate's inline markup: `code`, **bold**, *italic*.
#include <string>
#include <utility>
#include <vector>

namespace press {

struct TextTable {
  std::string title;
  std::vector<std::string> paragraphs;  // before the table
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;  // each as wide as head
};

// "# title", the paragraphs, then a pipe table.
std::string markdown(const TextTable& t);

// One <section id="name"> per table, in order. A paragraph that leads with bold text and that an
// earlier section already showed (the metric and λ notes every table repeats) becomes a pointer
// to that section.
std::string html_sections(const std::vector<std::pair<std::string, TextTable>>& tables);

}  // namespace press

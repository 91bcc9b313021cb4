// A built report: titled tables of cells, already worked out, plus notes (how figures were
// derived). Every format — JSON, CSV, text and the web page — is written from the same Report,
// so the figures are the same whichever way it is read.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/scope.h"

namespace poolbook::reports {

enum class Kind { kText, kMoney, kCount, kPercent, kDate, kNumber };  // kNumber: a decimal like "12.5"

struct Column {
  std::string key;      // in JSON and CSV headers: "actual"
  std::string heading;  // on the page: "Actual to date (£)"
  Kind kind = Kind::kText;
};

struct Table {
  std::string name;  // "lines"
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;     // one cell per column: money as "-12.50"
  std::optional<std::vector<std::string>> total;  // the totals row, when the table has one
};

struct Report {
  std::string name, title, summary;
  Scope scope;
  std::vector<Table> tables;
  std::vector<std::string> notes;
  std::vector<std::string> people;         // pseudonyms shown: each view is logged
  std::optional<std::string> next_cursor;  // a paged report: where the next page starts

  const Table* Find(const std::string& table) const;
};

nlohmann::json ReportJson(const Report& r);
// One table as RFC 4180 CSV with a header row of column keys; the totals row last, its first
// cell "total".
std::string TableCsv(const Table& t);
// Plain text for the terminal: each table with aligned columns.
std::string ReportText(const Report& r);

}  // namespace poolbook::reports

// Reports as HTML for the web pages: readable tables (captions, column and row headers, money
// right-aligned), and inline SVG charts, each with a text alternative (<title> and <desc>) and the
// figures also in a table. No JavaScript. Every text is escaped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "reports/table.h"

namespace poolbook::reports {

// An amount grouped in thousands for reading ("-1,234,567.89"); figures in CSV and JSON are not.
std::string Grouped(const std::string& amount);

// Text made safe for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);

// The report's summary, tables and notes. `link` turns a cell into a link (return "" for none):
// called with the column key and the cell.
using CellLink = std::function<std::string(const std::string& column, const std::string& cell)>;
// `csv_href` gives each table's CSV download address (return "" for none).
std::string ReportHtml(const Report& r, const CellLink& link,
                       const std::function<std::string(const Table&)>& csv_href);

// A bar chart: one group per label, one bar per series (each series a list of amounts, one per
// label). Horizontal bars, so long labels stay readable on a phone. `id` must be unique on the page.
struct Series {
  std::string name;
  std::vector<Money> values;
};
std::string BarChartSvg(const std::string& id, const std::string& title, const std::string& description,
                        const std::vector<std::string>& labels, const std::vector<Series>& series);

}  // namespace poolbook::reports

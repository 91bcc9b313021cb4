#include "reports/table.h"

#include <algorithm>

#include "reports/csv.h"

namespace poolbook::reports {

const Table* Report::Find(const std::string& table) const {
  for (const Table& t : tables)
    if (t.name == table) return &t;
  return nullptr;
}

nlohmann::json ReportJson(const Report& r) {
  using nlohmann::json;
  json tables = json::array();
  for (const Table& t : r.tables) {
    json columns = json::array(), rows = json::array();
    for (const Column& c : t.columns) {
      static const char* kKinds[] = {"text", "money", "count", "percent", "date", "number"};
      columns.push_back({{"key", c.key}, {"heading", c.heading}, {"kind", kKinds[static_cast<int>(c.kind)]}});
    }
    auto object = [&](const std::vector<std::string>& cells) {
      json o = json::object();
      for (std::size_t i = 0; i < t.columns.size() && i < cells.size(); ++i) {
        const Kind k = t.columns[i].kind;
        if (k == Kind::kCount && !cells[i].empty()) {
          o[t.columns[i].key] = std::stoll(cells[i]);
        } else if ((k == Kind::kPercent || k == Kind::kDate || k == Kind::kNumber) && cells[i].empty()) {
          o[t.columns[i].key] = nullptr;
        } else {
          o[t.columns[i].key] = cells[i];
        }
      }
      return o;
    };
    for (const auto& row : t.rows) rows.push_back(object(row));
    json table = {{"name", t.name}, {"title", t.title}, {"columns", columns}, {"rows", rows}};
    table["total"] = t.total ? object(*t.total) : json(nullptr);
    tables.push_back(table);
  }
  json out = {{"report", r.name},
              {"title", r.title},
              {"summary", r.summary},
              {"from", r.scope.from.ToString()},
              {"to", r.scope.to.ToString()},
              {"as_at", r.scope.as_at ? json(*r.scope.as_at) : json(nullptr)},
              {"tables", tables},
              {"notes", r.notes}};
  out["next_cursor"] = r.next_cursor ? nlohmann::json(*r.next_cursor) : nlohmann::json(nullptr);
  return out;
}

std::string TableCsv(const Table& t) {
  std::vector<std::string> cells;
  for (const Column& c : t.columns) cells.push_back(CsvText(c.key));
  std::string out = CsvRow(cells);
  auto row = [&](const std::vector<std::string>& r) {
    cells.clear();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const std::string& v = i < r.size() ? r[i] : std::string();
      // Figures we wrote ourselves (amounts, counts, percentages) go out as plain numbers; only
      // text could be taken for a formula.
      const Kind k = t.columns[i].kind;
      const bool figure = k == Kind::kMoney || k == Kind::kCount || k == Kind::kPercent || k == Kind::kNumber;
      cells.push_back(figure ? CsvAmount(v) : CsvText(v));
    }
    out += CsvRow(cells);
  };
  for (const auto& r : t.rows) row(r);
  if (t.total) row(*t.total);
  return out;
}

std::string ReportText(const Report& r) {
  std::string out = r.title + "\n" + ScopeText(r.scope) + "\n";
  if (!r.summary.empty()) out += r.summary + "\n";
  for (const Table& t : r.tables) {
    out += "\n" + t.title + "\n";
    std::vector<std::size_t> width(t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) width[i] = t.columns[i].key.size();
    auto widen = [&](const std::vector<std::string>& row) {
      for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
        width[i] = std::max(width[i], row[i].size());
    };
    for (const auto& row : t.rows) widen(row);
    if (t.total) widen(*t.total);
    auto line = [&](const std::vector<std::string>& row, bool header) {
      std::string l;
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const std::string& v = header ? t.columns[i].key : (i < row.size() ? row[i] : std::string());
        const std::string pad(width[i] - std::min(width[i], v.size()), ' ');
        const bool right = !header && t.columns[i].kind != Kind::kText && t.columns[i].kind != Kind::kDate;
        l += (i ? "  " : "") + (right ? pad + v : v + pad);
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line({}, true);
    for (const auto& row : t.rows) line(row, false);
    if (t.total) line(*t.total, false);
  }
  if (!r.notes.empty()) {
    out += "\n";
    for (const std::string& n : r.notes) out += "  " + n + "\n";
  }
  return out;
}

}  // namespace poolbook::reports

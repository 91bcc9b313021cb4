#include "reports/html.h"

#include <algorithm>

namespace poolbook::reports {
namespace {

// Colours that stay apart for the common kinds of colour blindness (Okabe-Ito).
const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"};

bool RightAligned(Kind k) {
  return k == Kind::kMoney || k == Kind::kCount || k == Kind::kPercent || k == Kind::kNumber;
}

Int128 Abs(const Int128& v) { return v < 0 ? -v : v; }

// A bar's length in tenths of a drawing unit: |m| / max of `area` units, in integers (no
// floating point anywhere near money).
long long BarTenths(const Money& m, const Int128& max, long long area) {
  return max == 0 ? 0 : static_cast<long long>(Abs(m.pence()) * area * 10 / max);
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

// "1234567.89" as "1,234,567.89" for reading; CSV and JSON keep the plain decimal.
std::string Grouped(const std::string& amount) {
  const std::size_t start = (!amount.empty() && amount[0] == '-') ? 1 : 0;
  std::size_t end = amount.find('.');
  if (end == std::string::npos) end = amount.size();
  std::string out = amount.substr(0, start);
  for (std::size_t i = start; i < end; ++i) {
    out += amount[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + amount.substr(end);
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ReportHtml(const Report& r, const CellLink& link,
                       const std::function<std::string(const Table&)>& csv_href) {
  std::string h;
  if (!r.summary.empty()) h += "<p class=\"summary\">" + HtmlEscape(r.summary) + "</p>\n";
  for (const Table& t : r.tables) {
    h += "<section class=\"table\" id=\"table-" + HtmlEscape(t.name) + "\">\n";
    const std::string href = csv_href ? csv_href(t) : "";
    if (!href.empty())
      h += "<p class=\"download\"><a href=\"" + HtmlEscape(href) +
           "\" download>Download this table as CSV</a></p>\n";
    h += "<div class=\"scroll\"><table>\n<caption>" + HtmlEscape(t.title) + "</caption>\n<thead><tr>";
    for (const Column& c : t.columns)
      h += "<th scope=\"col\"" + std::string(RightAligned(c.kind) ? " class=\"num\"" : "") + ">" +
           HtmlEscape(c.heading) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
    auto row = [&](const std::vector<std::string>& cells, bool total) {
      h += total ? "<tr class=\"total\">" : "<tr>";
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const std::string& v = i < cells.size() ? cells[i] : std::string();
        const std::string target = (!total && link) ? link(t.columns[i].key, v) : "";
        const std::string shown = t.columns[i].kind == Kind::kMoney ? Grouped(v) : v;
        const std::string content =
            target.empty() ? HtmlEscape(shown)
                           : "<a href=\"" + HtmlEscape(target) + "\">" + HtmlEscape(shown) + "</a>";
        const std::string cls = RightAligned(t.columns[i].kind) ? " class=\"num\"" : "";
        if (i == 0) {
          h += "<th scope=\"row\"" + cls + ">" + (total ? "Total" : content) + "</th>";
        } else {
          h += "<td" + cls + ">" + content + "</td>";
        }
      }
      h += "</tr>\n";
    };
    for (const auto& cells : t.rows) row(cells, false);
    h += "</tbody>\n";
    if (t.total) {
      h += "<tfoot>\n";
      row(*t.total, true);
      h += "</tfoot>\n";
    }
    h += "</table></div>\n</section>\n";
  }
  if (!r.notes.empty()) {
    h += "<section class=\"notes\"><h2>How these figures are worked out</h2><ul>\n";
    for (const std::string& n : r.notes) h += "<li>" + HtmlEscape(n) + "</li>\n";
    h += "</ul></section>\n";
  }
  return h;
}

std::string BarChartSvg(const std::string& id, const std::string& title, const std::string& description,
                        const std::vector<std::string>& labels, const std::vector<Series>& series) {
  // The label column fits the longest label (about 6.5 units a character at 11 units high).
  std::size_t longest = 0;
  for (const std::string& l : labels) longest = std::max(longest, l.size());
  const double kLabelWidth = std::clamp(6.5 * static_cast<double>(longest) + 12, 60.0, 260.0);
  constexpr double kBarArea = 300, kBar = 12, kGap = 10, kTop = 34;
  Int128 max = 0;
  for (const Series& s : series)
    for (const Money& m : s.values) max = std::max(max, Abs(m.pence()));
  const double group = kBar * static_cast<double>(series.size()) + kGap;
  const double height = kTop + group * static_cast<double>(labels.size()) + 10;
  const double width = kLabelWidth + kBarArea + 90;
  std::string s = "<figure class=\"chart\"><svg id=\"" + HtmlEscape(id) +
                  "\" role=\"img\" aria-labelledby=\"" + HtmlEscape(id) + "-title " + HtmlEscape(id) +
                  "-desc\" viewBox=\"0 0 " + Fixed(width) + " " + Fixed(height) +
                  "\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  s += "<title id=\"" + HtmlEscape(id) + "-title\">" + HtmlEscape(title) + "</title>\n";
  s += "<desc id=\"" + HtmlEscape(id) + "-desc\">" + HtmlEscape(description) + "</desc>\n";
  // Legend.
  double x = 0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    s += "<rect x=\"" + Fixed(x) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + kColours[k % 7] + "\"/>";
    s += "<text x=\"" + Fixed(x + 16) + "\" y=\"16\" font-size=\"12\">" + HtmlEscape(series[k].name) +
         "</text>\n";
    x += 24 + 7.0 * static_cast<double>(series[k].name.size());
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double y0 = kTop + group * static_cast<double>(i);
    s += "<text x=\"" + Fixed(kLabelWidth - 6) + "\" y=\"" + Fixed(y0 + group / 2) +
         "\" font-size=\"11\" text-anchor=\"end\">" + HtmlEscape(labels[i]) + "</text>\n";
    for (std::size_t k = 0; k < series.size(); ++k) {
      const Money& m = i < series[k].values.size() ? series[k].values[i] : Money();
      const double len = static_cast<double>(BarTenths(m, max, static_cast<long long>(kBarArea))) / 10.0;
      const double y = y0 + kBar * static_cast<double>(k);
      s += "<rect class=\"bar\" x=\"" + Fixed(kLabelWidth) + "\" y=\"" + Fixed(y) + "\" width=\"" +
           Fixed(len) + "\" height=\"" + Fixed(kBar - 2) + "\" fill=\"" + kColours[k % 7] + "\"><title>" +
           HtmlEscape(labels[i]) + ", " + HtmlEscape(series[k].name) + ": £" + Grouped(m.ToString()) +
           "</title></rect>";
      s += "<text x=\"" + Fixed(kLabelWidth + len + 4) + "\" y=\"" + Fixed(y + kBar - 3) +
           "\" font-size=\"9\">" + Grouped(m.ToString()) + "</text>\n";
    }
  }
  s += "</svg><figcaption>" + HtmlEscape(title) + "</figcaption></figure>\n";
  return s;
}

}  // namespace poolbook::reports

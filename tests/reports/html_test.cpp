// HTML for the web pages: escaping, grouped amounts, tables with headers and captions, and SVG
// charts with text alternatives and bars in proportion.
#include "reports/html.h"

#include <gtest/gtest.h>

#include <regex>

#include "testing/ledger_fixture.h"

namespace poolbook::reports {
namespace {

using testing::M;

TEST(Html, EscapesEverythingThatCouldBeMarkup) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("plain £12.50"), "plain £12.50");
}

TEST(Html, GroupsAmountsInThousands) {
  const std::pair<const char*, const char*> cases[] = {{"0.00", "0.00"},
                                                       {"999.99", "999.99"},
                                                       {"1000.00", "1,000.00"},
                                                       {"-1000.00", "-1,000.00"},
                                                       {"123456.78", "123,456.78"},
                                                       {"1234567.89", "1,234,567.89"},
                                                       {"-123.45", "-123.45"},
                                                       {"92233720368547758.07", "92,233,720,368,547,758.07"}};
  for (const auto& [in, out] : cases) EXPECT_EQ(Grouped(in), out) << in;
}

TEST(Html, TablesHaveCaptionsHeadersTotalsAndEscapedLinkedCells) {
  Report r;
  r.summary = "A <summary>";
  Table t{"people",
          "People & lines",
          {{"person", "Person", Kind::kText}, {"actual", "Spent", Kind::kMoney}},
          {},
          {}};
  t.rows = {{"P-1<2", "1234.50"}};
  t.total = std::vector<std::string>{"total", "1234.50"};
  r.tables = {t};
  r.notes = {"a note"};
  const std::string h = ReportHtml(
      r,
      [](const std::string& col, const std::string& cell) {
        return col == "person" ? "/people/" + cell : "";
      },
      [](const Table& x) { return "/csv?table=" + x.name; });
  EXPECT_NE(h.find("<caption>People &amp; lines</caption>"), std::string::npos);
  EXPECT_NE(h.find("<th scope=\"col\">Person</th><th scope=\"col\" class=\"num\">Spent</th>"),
            std::string::npos);
  EXPECT_NE(h.find("<th scope=\"row\"><a href=\"/people/P-1&lt;2\">P-1&lt;2</a></th>"), std::string::npos)
      << h;
  EXPECT_NE(h.find("<td class=\"num\">1,234.50</td>"), std::string::npos);
  EXPECT_NE(h.find("<tfoot>\n<tr class=\"total\"><th scope=\"row\">Total</th>"), std::string::npos);
  EXPECT_NE(h.find("href=\"/csv?table=people\""), std::string::npos);
  EXPECT_NE(h.find("A &lt;summary&gt;"), std::string::npos);
  EXPECT_EQ(h.find("<summary>"), std::string::npos);
}

TEST(Html, ChartsCarryTextAlternativesAndBarsInProportion) {
  const std::string svg =
      BarChartSvg("c1", "Spend <by> partner", "What each partner spent", {"ICB", "CNCL1"},
                  {{"Spent", {M("300.00"), M("150.00")}}, {"Budget", {M("-600.00"), M("0.00")}}});
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"c1-title c1-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"c1-title\">Spend &lt;by&gt; partner</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"c1-desc\">What each partner spent</desc>"), std::string::npos);
  std::regex bar(R"re(<rect class="bar" x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)")re");
  std::vector<double> widths;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    widths.push_back(std::stod((*it)[1]));
  ASSERT_EQ(widths.size(), 4u);
  // The largest magnitude (600) fills the bar area; the rest are in proportion.
  EXPECT_DOUBLE_EQ(widths[1], 300.0);
  EXPECT_DOUBLE_EQ(widths[0], 150.0);
  EXPECT_DOUBLE_EQ(widths[2], 75.0);
  EXPECT_DOUBLE_EQ(widths[3], 0.0);
  // Nothing to draw is still a chart, with no bars of any length.
  const std::string empty = BarChartSvg("c2", "t", "d", {"A"}, {{"S", {M("0.00")}}});
  EXPECT_NE(empty.find("width=\"0.0\""), std::string::npos);
}

}  // namespace
}  // namespace poolbook::reports

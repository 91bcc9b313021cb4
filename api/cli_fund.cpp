// The commands of the pooled fund: demo, fund setup, fund status.
#include <algorithm>
#include <ostream>

#include "api/cli.h"
#include "api/cli_handlers.h"
#include "api/fund_json.h"
#include "config/fund_file.h"
#include "ledger/fund/demo.h"

namespace poolbook::api::cli {
namespace {

void DrawDemoProgress(std::ostream& err, const std::string& stage, int done, int total) {
  constexpr int kWidth = 24;
  const int filled = std::min(kWidth, kWidth * done / total);
  err << "\rbuilding the demo fund [" << std::string(static_cast<std::size_t>(filled), '#')
      << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << stage << "          "
      << std::flush;
}

void PrintDemoSummary(CliContext& c, const fund::DemoSummary& s) {
  if (s.already_there) {
    c.out << "The demo fund is already in " << c.Db() << "; nothing new was written.\n\n";
    return;
  }
  c.out << "Demo fund written to " << c.Db() << ": " << s.people << " people, " << s.phbs
        << " personal health budgets, " << s.packages << " packages, " << s.crises << " crises, "
        << s.transitions << " transitions; " << s.invoices << " invoices and " << s.phb_payments
        << " PHB payments paid, " << s.virements << " virements, " << s.recoveries << " recoveries, "
        << s.amended << " packages amended"
        << (s.years == 2 ? "; 2025-26 signed off, 2026-27 through November (its month end in hand).\n\n"
                         : "; 2025-26, signed off.\n\n");
}

int PrintPositions(CliContext& c, Journal& journal) {
  auto f = fund::Fund::Load(journal);
  if (!f.ok()) return c.Refused(f.status());
  auto positions = (*f)->Positions();
  if (!positions.ok()) return c.Refused(positions.status());
  c.out << "Each partner's money (brought forward + received - spent - settled = pool):\n";
  for (const fund::PartnerPosition& p : *positions) {
    c.out << "  " << p.partner << "  brought forward " << p.brought_forward.ToString() << "  received "
          << p.received.ToString() << "  spent " << p.spent.ToString() << "  settled " << p.settled.ToString()
          << "  pool " << p.pool.ToString() << "\n";
  }
  c.out << "\n";
  return kExitOk;
}

}  // namespace

int Demo(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  fund::DemoOptions o;
  o.user = c.User();
  if (c.tty) {
    o.progress = [&c](const std::string& stage, int done, int total) {
      DrawDemoProgress(c.err, stage, done, total);
    };
  }
  auto built = fund::BuildDemoFund(**j, o);
  if (c.tty) c.err << "\n";
  if (!built.ok()) return c.Refused(built.status());
  PrintDemoSummary(c, *built);
  if (int code = PrintPositions(c, **j); code != kExitOk) return code;
  return PrintTrialBalance(c, **j, std::nullopt, "text");
}

int FundSetup(CliContext& c) {
  auto agreement = config::LoadFundFile(c.Operand(0));
  if (!agreement.ok()) return c.Refused(agreement.status());
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto f = fund::Fund::SetUp(**j, *agreement, c.User());
  if (!f.ok()) return c.Refused(f.status());
  c.out << "fund set up: " << agreement->name << "; " << agreement->partners.size() << " partners, "
        << agreement->lines.size() << " lines; host " << agreement->host << ", lead budget holder "
        << agreement->lead_budget_holder << "\n";
  return kExitOk;
}

int FundStatus(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto f = fund::Fund::Load(**j);
  if (!f.ok()) return c.Refused(f.status());
  Date as_of{(*f)->agreement().year + 1, 3, 31};  // default: the year's last day
  if (c.Has("--date")) {
    auto d = Date::Parse(c.Opt("--date"));
    if (!d.ok()) return c.Refused(d.status());
    as_of = *d;
  }
  auto status = FundStatusJson(**f, as_of);
  if (!status.ok()) return c.Refused(status.status());
  c.out << status->dump(2) << "\n";
  return kExitOk;
}

}  // namespace poolbook::api::cli

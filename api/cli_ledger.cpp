// The commands that set the ledger up and read it: init, partner, account, show, balance,
// trial-balance, verify.
#include <ostream>

#include "api/cli.h"
#include "api/cli_handlers.h"
#include "api/entry_json.h"
#include "api/json_input.h"
#include "ledger/verify.h"
#include "reports/trial_balance.h"

namespace poolbook::api::cli {

int Init(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  c.out << "ledger ready: " << c.Db() << " (schema version " << (*j)->db().schema_version() << ")\n";
  return kExitOk;
}

int PartnerAdd(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  if (Status st = (*j)->AddPartner(c.Operand(0), c.Operand(1)); !st.ok()) return c.Refused(st);
  c.out << "partner " << c.Operand(0) << " added\n";
  return kExitOk;
}

int PartnerClose(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  if (Status st = (*j)->ClosePartner(c.Operand(0)); !st.ok()) return c.Refused(st);
  c.out << "partner " << c.Operand(0) << " closed\n";
  return kExitOk;
}

int PartnerList(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto rows = (*j)->Partners();
  if (!rows.ok()) return c.Refused(rows.status());
  for (const auto& r : *rows) c.out << r.code << "\t" << r.name << (r.closed_at ? "\t(closed)" : "") << "\n";
  return kExitOk;
}

int AccountOpen(CliContext& c) {
  auto type = ParseAccountType(c.Operand(1));
  if (!type.ok()) return c.Refused(type.status());
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  if (Status st = (*j)->OpenAccount(c.Operand(0), *type); !st.ok()) return c.Refused(st);
  c.out << "account " << c.Operand(0) << " opened (" << c.Operand(1) << ")\n";
  return kExitOk;
}

int AccountClose(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  if (Status st = (*j)->CloseAccount(c.Operand(0)); !st.ok()) return c.Refused(st);
  c.out << "account " << c.Operand(0) << " closed\n";
  return kExitOk;
}

int AccountList(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto rows = (*j)->Accounts();
  if (!rows.ok()) return c.Refused(rows.status());
  for (const auto& r : *rows)
    c.out << r.name << "\t" << AccountTypeName(r.type) << (r.closed_at ? "\t(closed)" : "") << "\n";
  return kExitOk;
}

int Show(CliContext& c) {
  auto id = ParseId(c.Operand(0), "an entry id", "");
  if (!id.ok()) return c.Refused(id.status());
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto e = (*j)->GetEntry(*id);
  if (!e.ok()) return c.Refused(e.status());
  c.out << EntryToJson(*e).dump(2) << "\n";
  return kExitOk;
}

int Balance(CliContext& c) {
  auto book = ParseBook(c.Opt("--book", "actual"));
  if (!book.ok()) return c.Refused(book.status());
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  auto m = (*j)->Balance(*book, c.Operand(0), c.Opt("--partner"));
  if (!m.ok()) return c.Refused(m.status());
  c.out << m->ToString() << "\n";
  return kExitOk;
}

int TrialBalance(CliContext& c) {
  std::optional<Book> book;
  if (c.Has("--book")) {
    auto b = ParseBook(c.Opt("--book"));
    if (!b.ok()) return c.Refused(b.status());
    book = *b;
  }
  const std::string format = c.Opt("--format", "text");
  if (format != "text" && format != "csv" && format != "json")
    return c.Usage("--format takes text, csv or json");
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  return PrintTrialBalance(c, **j, book, format);
}

int PrintTrialBalance(CliContext& c, Journal& journal, std::optional<Book> book, const std::string& format) {
  auto tb = reports::BuildTrialBalance(journal, book);
  if (!tb.ok()) return c.Refused(tb.status());
  c.out << (format == "csv"    ? reports::TrialBalanceCsv(*tb)
            : format == "json" ? reports::TrialBalanceJson(*tb)
                               : reports::TrialBalanceText(*tb));
  return kExitOk;
}

int Verify(CliContext& c) {
  auto j = c.Ledger();
  if (!j.ok()) return c.Refused(j.status());
  VerifyReport r = ::poolbook::Verify((*j)->db());
  if (!r.ok) {
    c.err << "poolbook: verify FAILED: " << r.problem << "\n";
    return kExitRefused;
  }
  c.out << "verify ok: " << r.entries << " entries, " << r.postings << " postings, " << r.balances
        << " balances; the hash chain is intact and every balance equals its postings\n";
  return kExitOk;
}

}  // namespace poolbook::api::cli

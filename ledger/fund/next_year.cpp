// Closing a year and starting the next. In the actual book every income and expense account of the
// year (contributions raised, spend, the risk-share settlement) is closed, per partner, into
// fund:reserves: a partner's reserves are then what the years so far have left it in the pool,
// and it brings that forward. The budget book is closed the same way, so the next year's budget
// starts from its own original budget. Commitments are not closed: care bought goes on into the
// next year, and the part of the new year's cost of care that runs into it is brought into the
// commitment book (financial_years.h). Everything, with the next year's agreement, is written in
// one transaction.
#include <map>

#include "ledger/fund/chart.h"
#include "ledger/fund/financial_years.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_agreement_store.h"
#include "ledger/store/fund_journal_store.h"

namespace poolbook::fund {

namespace {

// The next year keeps every partner and line of this one (perhaps with more), each line its
// category.
Status CheckNextAgreement(const Agreement& now_year, const Agreement& next) {
  const std::string label = Period{now_year.year, 4}.FinancialYearLabel();
  if (next.year != now_year.year + 1) {
    return InvalidArgument("the next year of a fund for " + label + " is " +
                               std::to_string(now_year.year + 1) + ", not " + std::to_string(next.year),
                           "year");
  }
  for (const AgreementPartner& p : now_year.partners) {
    if (std::none_of(next.partners.begin(), next.partners.end(),
                     [&](const AgreementPartner& q) { return q.code == p.code; })) {
      return InvalidArgument(
          "partner " + p.code + " is missing from the next year; partners stay in the fund", "partners");
    }
  }
  for (const Line& l : now_year.lines) {
    const Line* n = next.FindLine(l.code);
    if (!n) {
      return InvalidArgument(
          "line " + l.code + " is missing from the next year; lines stay (give a budget of 0.00)", "lines");
    }
    if (n->category != l.category) {
      return InvalidArgument("line " + l.code + " changes category; a line keeps its category", "lines");
    }
  }
  return Status();
}

// The year is settled, every contribution raised and received, and no virement waits.
Status CheckYearDone(Fund& fund, const std::string& label) {
  try {
    if (!store::YearSettled(fund.journal().db(), fund.agreement().year)) {
      return FailedPrecondition("the risk share for " + label + " is not settled yet; settle it first");
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the settlement");
  }
  auto statement = fund.ContributionsStatement();
  if (!statement.ok()) return statement.status();
  for (const ContributionLine& c : *statement) {
    if (c.due != c.varied) {
      return FailedPrecondition("partner " + c.partner + "'s contribution for " + label + " is " +
                                c.varied.ToString() + " but " + c.due.ToString() +
                                " has been raised; raise the rest (or vary it) first");
    }
    if (!c.outstanding.is_zero()) {
      return FailedPrecondition("partner " + c.partner + " still owes " + c.outstanding.ToString() + " for " +
                                label + "; receive it (or vary the contribution) before closing the year");
    }
  }
  auto virements = fund.VirementRegister();
  if (!virements.ok()) return virements.status();
  for (const Virement& v : *virements) {
    if (v.state == VirementState::kPending) {
      return FailedPrecondition("virement " + v.reference +
                                " is still waiting for the lead budget holder; decide it "
                                "before closing " +
                                label);
    }
  }
  return Status();
}

// The year's figures are those the risk share settled: nothing may be dated after the year end
// (`last`), nor written into the actual book since the settlement.
Status CheckNothingAfter(store::Database& db, int year, const Date& last, const std::string& label) {
  try {
    const long long later = store::CountEntriesDatedAfter(db, last);
    if (later > 0) {
      return FailedPrecondition(std::to_string(later) + " entries are dated after " + last.ToString() +
                                "; the year is closed before anything is posted into the next");
    }
    if (const std::optional<long long> settlement = store::SettlementEntry(db, year)) {
      const long long after = store::CountActualEntriesAfter(db, *settlement);
      if (after > 0) {
        return FailedPrecondition(std::to_string(after) +
                                  " actual entries were written after the risk share for " + label +
                                  " was settled; they are not shared, so the year cannot be closed");
      }
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "checking the year's entries");
  }
  return Status();
}

// The closing entries, one per partner and book, dated the year's last day: every income and
// expense balance into fund:reserves. `brought_forward` gets what each partner then has in
// reserves: what it brings into the next year.
StatusOr<std::vector<Entry>> ClosingEntries(Journal& journal, const Agreement& now_year, const Date& last,
                                            std::map<std::string, Money>& brought_forward) {
  const std::string label = Period{now_year.year, 4}.FinancialYearLabel();
  auto accounts = journal.Accounts();
  if (!accounts.ok()) return accounts.status();
  std::map<std::string, AccountType> type;
  for (const store::AccountRow& a : *accounts) type[a.name] = a.type;
  std::vector<Entry> entries;
  for (Book book : {Book::kActual, Book::kBudget}) {
    auto rows = journal.Balances(book);
    if (!rows.ok()) return rows.status();
    std::map<std::string, std::vector<Posting>> by_partner;
    std::map<std::string, Money> closed;
    for (const BalanceRow& r : *rows) {
      const AccountType t = type.at(r.account);
      const bool closes = t == AccountType::kIncome || t == AccountType::kExpense;
      if (r.balance.is_zero()) continue;
      if (book == Book::kActual && r.account == chart::kReserves) brought_forward[r.partner] -= r.balance;
      if (!closes) continue;
      by_partner[r.partner].push_back({r.account, r.partner, "", "", -r.balance});
      closed[r.partner] += r.balance;
    }
    for (auto& [partner, postings] : by_partner) {
      if (!closed[partner].is_zero())
        postings.push_back({chart::kReserves, partner, "", "", closed[partner]});
      if (book == Book::kActual) brought_forward[partner] -= closed[partner];
      if (postings.size() < 2) continue;
      Entry e;
      e.key = internal::Key(now_year, std::string("close:") + BookName(book) + ":" + partner);
      e.book = book;
      e.date = last;
      e.memo = "Year end " + label + ": " + BookName(book) + " book closed for " + partner;
      e.postings = std::move(postings);
      entries.push_back(std::move(e));
    }
  }
  return entries;
}

// Inside the write: closed means closed, so no income or expense balance is left in the actual
// book (an entry written meanwhile would leave one).
void RequireYearClosed(store::Database& db) {
  if (store::CountOpenIncomeAndExpense(db) > 0) {
    throw BeforeCommitRefusal("money was posted while the year was being closed; close it again");
  }
}

}  // namespace

StatusOr<std::unique_ptr<Fund>> Fund::StartNextYear(Agreement next, const std::string& user) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(user));
  const Agreement& now_year = agreement_;
  const std::string label = Period{now_year.year, 4}.FinancialYearLabel();
  POOLBOOK_RETURN_IF_ERROR(CheckNextAgreement(now_year, next));
  POOLBOOK_RETURN_IF_ERROR(CheckYearDone(*this, label));
  const Date last{now_year.year + 1, 3, 31};
  POOLBOOK_RETURN_IF_ERROR(CheckNothingAfter(journal_.db(), now_year.year, last, label));
  std::map<std::string, Money> brought_forward;
  auto entries = ClosingEntries(journal_, now_year, last, brought_forward);
  if (!entries.ok()) return entries.status();
  next.brought_forward.clear();
  for (const AgreementPartner& p : next.partners) {
    if (auto it = brought_forward.find(p.code); it != brought_forward.end() && !it->second.is_zero()) {
      next.brought_forward[p.code] = it->second;
    }
  }
  POOLBOOK_RETURN_IF_ERROR(Validate(next));
  if (auto closed = journal_.ClosedThrough(); closed && !(*closed < Period::Of(last))) {
    return FailedPrecondition("the last month of " + label +
                              " is closed; the year is closed in it, so it must be open");
  }
  POOLBOOK_RETURN_IF_ERROR(internal::OpenPartnersAndAccounts(journal_, next));
  std::unique_ptr<Fund> next_fund(new Fund(journal_, next));
  auto budget = internal::OriginalBudget(*next_fund, next);
  if (!budget.ok()) return budget.status();
  for (Entry& e : *budget) entries->push_back(std::move(e));
  // Care that runs into the new year: its cost in that year joins the commitment book.
  auto brought_in = internal::BringIntoNextYear(*this, *next_fund);
  if (!brought_in.ok()) return brought_in.status();
  const std::size_t first_brought_in = entries->size();
  for (const internal::BroughtIn& b : *brought_in) entries->push_back(b.entry);
  const std::string next_label = Period{next.year, 4}.FinancialYearLabel();
  const std::string now = store::UtcTimestamp(journal_.Now());
  if (entries->empty()) {  // nothing was ever posted: only the agreement to record
    try {
      store::WriteTransaction tx(journal_.db());
      internal::InsertAgreement(journal_.db(), next, now, user);
      tx.Commit();
    } catch (const std::exception& e) {
      return store::FromDatabaseError(e, "recording the next year's agreement");
    }
    return next_fund;
  }
  auto written = PostTogether(*entries, user, [&](store::Database& db, const std::vector<Receipt>& r) {
    if (r.size() != entries->size())
      throw BeforeCommitRefusal("the year was closed by someone else meanwhile");
    RequireYearClosed(db);
    internal::InsertAgreement(db, next, now, user);
    std::vector<long long> ids;
    for (std::size_t i = first_brought_in; i < r.size(); ++i) ids.push_back(r[i].id);
    internal::RecordBroughtIn(db, *brought_in, ids, next_label, now, user);
  });
  if (!written.ok())
    return written.status().WithContext("starting " + Period{next.year, 4}.FinancialYearLabel());
  for (const Receipt& r : *written) {
    if (r.replayed)
      return AlreadyExists(Period{next.year, 4}.FinancialYearLabel() + " was started meanwhile");
  }
  return next_fund;
}

}  // namespace poolbook::fund

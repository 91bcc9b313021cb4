#include "ledger/store/fund_agreement_store.h"

namespace poolbook::store {

long long CountAgreements(Database& db) {
  long long n = 0;
  db.sql() << "SELECT COUNT(*) FROM fund_agreement", soci::into(n);
  return n;
}

std::optional<std::string> NewestAgreement(Database& db) {
  std::string text;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT agreement FROM fund_agreement ORDER BY year DESC LIMIT 1", soci::into(text, ind);
  if (!db.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return text;
}

std::optional<std::string> AgreementOfYear(Database& db, int year) {
  std::string text;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT agreement FROM fund_agreement WHERE year = :y", soci::use(year), soci::into(text, ind);
  if (!db.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return text;
}

std::optional<int> NewestAgreementYear(Database& db) {
  int newest = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT MAX(year) FROM fund_agreement", soci::into(newest, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return newest;
}

void InsertAgreement(Database& db, int year, const std::string& agreement, const std::string& set_up_at,
                     const std::string& set_up_by) {
  db.sql() << "INSERT INTO fund_agreement (year, agreement, set_up_at, set_up_by) VALUES (:y, :a, :t, :u)",
      soci::use(year), soci::use(agreement), soci::use(set_up_at), soci::use(set_up_by);
}

namespace {

// The sign-offs that stand: not undone.
constexpr const char* kStanding =
    "fund_settlements s WHERE NOT EXISTS (SELECT 1 FROM fund_settlement_undos u WHERE u.year = s.year"
    " AND u.seq = s.seq)";

}  // namespace

long long CountSettlements(Database& db) {
  long long n = 0;
  db.sql() << std::string("SELECT COUNT(*) FROM ") + kStanding, soci::into(n);
  return n;
}

bool YearSettled(Database& db, int year) {
  int settled = 0;
  db.sql() << std::string("SELECT COUNT(*) FROM ") + kStanding + " AND s.year = :y", soci::use(year),
      soci::into(settled);
  return settled > 0;
}

std::optional<long long> SettlementEntry(Database& db, int year) {
  long long entry_id = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << std::string("SELECT s.entry_id FROM ") + kStanding + " AND s.year = :y", soci::use(year),
      soci::into(entry_id, ind);
  if (!db.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return entry_id;
}

int InsertSettlement(Database& db, int year, const std::string& statement, std::optional<long long> entry_id,
                     const std::string& settled_at, const std::string& settled_by) {
  int last = 0;
  soci::indicator last_ind = soci::i_null;
  db.sql() << "SELECT MAX(seq) FROM fund_settlements WHERE year = :y", soci::use(year),
      soci::into(last, last_ind);
  const int seq = (last_ind == soci::i_ok ? last : 0) + 1;
  long long value = entry_id.value_or(0);
  soci::indicator ind = entry_id ? soci::i_ok : soci::i_null;
  db.sql() << "INSERT INTO fund_settlements (year, seq, statement, entry_id, settled_at, settled_by)"
              " VALUES (:y, :q, :s, :e, :t, :u)",
      soci::use(year), soci::use(seq), soci::use(statement), soci::use(value, ind), soci::use(settled_at),
      soci::use(settled_by);
  return seq;
}

std::vector<SettlementRow> Settlements(Database& db) {
  std::vector<SettlementRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare
       << "SELECT s.year, s.seq, s.statement, s.entry_id, s.settled_at, s.settled_by,"
          " u.seq, u.undo_entry_id, u.undone_at, u.undone_by, u.reason FROM fund_settlements s"
          " LEFT JOIN fund_settlement_undos u ON u.year = s.year AND u.seq = s.seq"
          " ORDER BY s.year, s.seq");
  for (const soci::row& r : rows) {
    SettlementRow s;
    s.year = r.get<int>(0);
    s.seq = r.get<int>(1);
    s.statement = r.get<std::string>(2);
    if (r.get_indicator(3) == soci::i_ok) s.entry_id = r.get<long long>(3);
    s.settled_at = r.get<std::string>(4);
    s.settled_by = r.get<std::string>(5);
    s.undone = r.get_indicator(6) == soci::i_ok;
    if (r.get_indicator(7) == soci::i_ok) s.undo_entry_id = r.get<long long>(7);
    if (s.undone) {
      s.undone_at = r.get<std::string>(8);
      s.undone_by = r.get<std::string>(9);
      s.undo_reason = r.get<std::string>(10);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void InsertSettlementUndo(Database& db, int year, int seq, std::optional<long long> undo_entry_id,
                          const std::string& undone_at, const std::string& undone_by,
                          const std::string& reason) {
  long long value = undo_entry_id.value_or(0);
  soci::indicator ind = undo_entry_id ? soci::i_ok : soci::i_null;
  db.sql() << "INSERT INTO fund_settlement_undos (year, seq, undo_entry_id, undone_at, undone_by, reason)"
              " VALUES (:y, :q, :e, :t, :u, :r)",
      soci::use(year), soci::use(seq), soci::use(value, ind), soci::use(undone_at), soci::use(undone_by),
      soci::use(reason);
}

}  // namespace poolbook::store

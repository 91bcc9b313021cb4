#include "ledger/store/fund_virements_store.h"

#include "ledger/store/stored_value.h"

namespace poolbook::store {

namespace {

constexpr const char* kColumns =
    // The id is read as text: SOCI types an INTEGER PRIMARY KEY column as int, not 64 bits.
    "SELECT CAST(id AS TEXT), from_line, to_line, amount, reason, effective_date, requested_by, "
    "requested_at, state, decided_by, decided_at, decision_note, entry_id, reference, undo_entry_id, "
    "undone_by,"
    " undone_at, undo_reason FROM fund_virements";

VirementRow FromRow(const soci::row& r) {
  VirementRow v;
  v.id = std::stoll(r.get<std::string>(0));
  v.from_line = r.get<std::string>(1);
  v.to_line = r.get<std::string>(2);
  v.amount = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(3)));
  v.reason = r.get<std::string>(4);
  v.date = StoredDate(r.get<std::string>(5), "fund_virements", v.id);
  v.requested_by = r.get<std::string>(6);
  v.requested_at = r.get<std::string>(7);
  v.state = r.get<std::string>(8);
  if (r.get_indicator(9) == soci::i_ok) v.decided_by = r.get<std::string>(9);
  if (r.get_indicator(10) == soci::i_ok) v.decided_at = r.get<std::string>(10);
  if (r.get_indicator(11) == soci::i_ok) v.decision_note = r.get<std::string>(11);
  if (r.get_indicator(12) == soci::i_ok) v.entry_id = r.get<long long>(12);
  v.reference = r.get<std::string>(13);
  if (r.get_indicator(14) == soci::i_ok) v.undo_entry_id = r.get<long long>(14);
  if (r.get_indicator(15) == soci::i_ok) v.undone_by = r.get<std::string>(15);
  if (r.get_indicator(16) == soci::i_ok) v.undone_at = r.get<std::string>(16);
  if (r.get_indicator(17) == soci::i_ok) v.undo_reason = r.get<std::string>(17);
  return v;
}

}  // namespace

std::optional<VirementRow> FindVirement(Database& db, long long id) {
  soci::row r;
  db.sql() << std::string(kColumns) + " WHERE id = :id", soci::use(id), soci::into(r);
  if (!db.sql().got_data()) return std::nullopt;
  return FromRow(r);
}

std::optional<VirementRow> FindVirementByReference(Database& db, const std::string& reference) {
  soci::row r;
  db.sql() << std::string(kColumns) + " WHERE reference = :r", soci::use(reference), soci::into(r);
  if (!db.sql().got_data()) return std::nullopt;
  return FromRow(r);
}

std::vector<VirementRow> AllVirements(Database& db) {
  std::vector<VirementRow> out;
  soci::rowset<soci::row> rows = (db.sql().prepare << std::string(kColumns) + " ORDER BY id");
  for (const soci::row& r : rows) out.push_back(FromRow(r));
  return out;
}

long long InsertVirement(Database& db, const VirementRow& v) {
  long long last = 0;
  soci::indicator last_ind;
  db.sql() << "SELECT MAX(id) FROM fund_virements", soci::into(last, last_ind);
  const long long id = (last_ind == soci::i_ok ? last : 0) + 1;
  const long long pence = v.amount.pence64();
  const std::string day = v.date.ToString();
  soci::indicator entry_ind = v.entry_id ? soci::i_ok : soci::i_null;
  long long entry_value = v.entry_id.value_or(0);
  soci::indicator decided_ind = v.decided_by.empty() ? soci::i_null : soci::i_ok;
  db.sql() << "INSERT INTO fund_virements (id, reference, from_line, to_line, amount, reason, effective_date,"
              " requested_by, requested_at, state, decided_by, decided_at, entry_id)"
              " VALUES (:id, :ref, :f, :t, :a, :r, :d, :u, :at, :s, :db, :da, :e)",
      soci::use(id), soci::use(v.reference), soci::use(v.from_line), soci::use(v.to_line), soci::use(pence),
      soci::use(v.reason), soci::use(day), soci::use(v.requested_by), soci::use(v.requested_at),
      soci::use(v.state), soci::use(v.decided_by, decided_ind), soci::use(v.decided_at, decided_ind),
      soci::use(entry_value, entry_ind);
  return id;
}

bool DecidePendingVirement(Database& db, long long id, const std::string& state,
                           const std::string& decided_by, const std::string& decided_at,
                           const std::string& note, std::optional<long long> entry_id) {
  soci::indicator entry_ind = entry_id ? soci::i_ok : soci::i_null;
  long long entry_value = entry_id.value_or(0);
  soci::statement update =
      (db.sql().prepare << "UPDATE fund_virements SET state = :s, decided_by = :b, decided_at = :t,"
                           " decision_note = :n, entry_id = :e WHERE id = :id AND state = 'pending'",
       soci::use(state), soci::use(decided_by), soci::use(decided_at), soci::use(note),
       soci::use(entry_value, entry_ind), soci::use(id));
  update.execute(true);
  return update.get_affected_rows() == 1;
}

bool MarkVirementUndone(Database& db, long long id, long long undo_entry_id, const std::string& undone_by,
                        const std::string& undone_at, const std::string& reason) {
  soci::statement st =
      (db.sql().prepare << "UPDATE fund_virements SET undo_entry_id = :e, undone_by = :b,"
                           " undone_at = :t, undo_reason = :r"
                           " WHERE id = :id AND state = 'approved' AND undo_entry_id IS NULL",
       soci::use(undo_entry_id), soci::use(undone_by), soci::use(undone_at), soci::use(reason),
       soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace poolbook::store

#include "ledger/store/fund_recoveries_store.h"

namespace poolbook::store {

namespace {

constexpr const char* kColumns =
    // The id is read as text: SOCI types an INTEGER PRIMARY KEY column as int, not 64 bits.
    "SELECT CAST(id AS TEXT), phb_id, amount, ground, detail, state, decided_by, decided_at, reconsideration,"
    " entry_id, reference FROM fund_phb_recoveries";

Money Pence(long long pence) { return Money::FromPence(static_cast<std::int64_t>(pence)); }

RecoveryRow FromRow(const soci::row& r) {
  RecoveryRow v;
  v.id = std::stoll(r.get<std::string>(0));
  v.phb_id = r.get<std::string>(1);
  v.amount = Pence(r.get<long long>(2));
  v.ground = r.get<std::string>(3);
  v.detail = r.get<std::string>(4);
  v.state = r.get<std::string>(5);
  v.decided_by = r.get<std::string>(6);
  v.decided_at = r.get<std::string>(7);
  if (r.get_indicator(8) == soci::i_ok) v.reconsideration = r.get<std::string>(8);
  if (r.get_indicator(9) == soci::i_ok) v.entry_id = r.get<long long>(9);
  v.reference = r.get<std::string>(10);
  return v;
}

bool ChangedOne(soci::statement& update) {
  update.execute(true);
  return update.get_affected_rows() == 1;
}

// A SUM that is NULL (no rows) as zero.
Money SumOrZero(long long value, soci::indicator ind) { return Pence(ind == soci::i_ok ? value : 0); }

}  // namespace

std::optional<RecoveryRow> FindRecovery(Database& db, long long id) {
  soci::row r;
  db.sql() << std::string(kColumns) + " WHERE id = :id", soci::use(id), soci::into(r);
  if (!db.sql().got_data()) return std::nullopt;
  return FromRow(r);
}

std::vector<RecoveryRow> Recoveries(Database& db, const std::string& phb_id) {
  std::vector<RecoveryRow> out;
  const std::string sql =
      std::string(kColumns) + (phb_id.empty() ? "" : " WHERE phb_id = :p") + " ORDER BY id";
  soci::rowset<soci::row> rows =
      phb_id.empty() ? (db.sql().prepare << sql) : (db.sql().prepare << sql, soci::use(phb_id));
  for (const soci::row& r : rows) out.push_back(FromRow(r));
  return out;
}

long long InsertRecovery(Database& db, const RecoveryRow& v) {
  long long last = 0;
  soci::indicator ind;
  db.sql() << "SELECT MAX(id) FROM fund_phb_recoveries", soci::into(last, ind);
  const long long id = (ind == soci::i_ok ? last : 0) + 1;
  const long long pence = v.amount.pence64();
  db.sql() << "INSERT INTO fund_phb_recoveries (id, reference, phb_id, amount, ground, detail, state,"
              " decided_by, decided_at) VALUES (:i, :f, :p, :a, :g, :d, 'decided', :u, :t)",
      soci::use(id), soci::use(v.reference), soci::use(v.phb_id), soci::use(pence), soci::use(v.ground),
      soci::use(v.detail), soci::use(v.decided_by), soci::use(v.decided_at);
  return id;
}

PaidAndClaimed PhbPaidAndClaimed(Database& db, const std::string& phb_id) {
  long long paid = 0, claims = 0;
  soci::indicator paid_ind, claims_ind;
  db.sql() << "SELECT SUM(amount) FROM fund_phb_paid WHERE phb_id = :p", soci::use(phb_id),
      soci::into(paid, paid_ind);
  db.sql() << "SELECT SUM(amount) FROM fund_phb_recoveries WHERE phb_id = :p AND state <> 'withdrawn'",
      soci::use(phb_id), soci::into(claims, claims_ind);
  return {SumOrZero(paid, paid_ind), SumOrZero(claims, claims_ind)};
}

PaidAndRecovered PhbPaidAndRecovered(Database& db, const std::string& phb_id) {
  long long paid = 0, recovered = 0;
  soci::indicator paid_ind, recovered_ind;
  db.sql() << "SELECT (SELECT SUM(amount) FROM fund_phb_paid WHERE phb_id = :p),"
              " (SELECT SUM(amount) FROM fund_phb_events WHERE phb_id = :p2 AND kind = 'recovered')",
      soci::use(phb_id), soci::use(phb_id), soci::into(paid, paid_ind), soci::into(recovered, recovered_ind);
  return {SumOrZero(paid, paid_ind), SumOrZero(recovered, recovered_ind)};
}

bool AskReconsideration(Database& db, long long id, const std::string& reason) {
  soci::statement update = (db.sql().prepare << "UPDATE fund_phb_recoveries SET state = 'reconsidering',"
                                                " reconsideration = :r WHERE id = :id AND state = 'decided'",
                            soci::use(reason), soci::use(id));
  return ChangedOne(update);
}

bool SetReconsidered(Database& db, long long id, const std::string& state, const Money& amount,
                     const std::string& record) {
  const long long pence = amount.pence64();
  soci::statement update =
      (db.sql().prepare << "UPDATE fund_phb_recoveries SET state = :s, amount = :a, reconsideration = :r"
                           " WHERE id = :id AND state = 'reconsidering'",
       soci::use(state), soci::use(pence), soci::use(record), soci::use(id));
  return ChangedOne(update);
}

bool MarkCollected(Database& db, long long id, long long entry_id, const Money& amount) {
  const long long pence = amount.pence64();
  soci::statement update =
      (db.sql().prepare << "UPDATE fund_phb_recoveries SET state = 'collected', entry_id = :e"
                           " WHERE id = :id AND state = 'decided' AND amount = :a",
       soci::use(entry_id), soci::use(id), soci::use(pence));
  return ChangedOne(update);
}

}  // namespace poolbook::store

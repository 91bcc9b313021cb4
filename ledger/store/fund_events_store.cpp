#include "ledger/store/fund_events_store.h"

#include "ledger/store/stored_value.h"

namespace poolbook::store {

namespace {

// A kind's tables: the records, their events and their kept commitments, and the id column the
// last two share.
struct Tables {
  const char* records;
  const char* events;
  const char* committed;
  const char* id;
};

Tables Of(RecordKind kind) {
  if (kind == RecordKind::kPackage)
    return {"fund_packages", "fund_package_events", "fund_package_committed", "package_id"};
  return {"fund_phbs", "fund_phb_events", "fund_phb_committed", "phb_id"};
}

Money Pence(long long pence) { return Money::FromPence(static_cast<std::int64_t>(pence)); }

RecordEventRow EventFromRow(const Tables& t, const std::string& id, const std::string& kind, long long amount,
                            const std::string& date) {
  return RecordEventRow{id, kind, Pence(amount), StoredDate(date, t.events, id)};
}

}  // namespace

std::vector<RecordEventRow> RecordEvents(Database& db, RecordKind kind, const std::string& id) {
  const Tables t = Of(kind);
  std::vector<RecordEventRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT kind, amount, effective_date FROM ") + t.events + " WHERE " +
                               t.id + " = :id ORDER BY seq",
       soci::use(id));
  for (const soci::row& r : rows)
    out.push_back(EventFromRow(t, id, r.get<std::string>(0), r.get<long long>(1), r.get<std::string>(2)));
  return out;
}

std::vector<RecordEventRow> RecordEventsExceptPaid(Database& db, RecordKind kind) {
  const Tables t = Of(kind);
  std::vector<RecordEventRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + t.id + ", kind, amount, effective_date FROM " + t.events +
                               " WHERE kind <> 'paid' ORDER BY " + t.id + ", seq");
  for (const soci::row& r : rows) {
    out.push_back(EventFromRow(t, r.get<std::string>(0), r.get<std::string>(1), r.get<long long>(2),
                               r.get<std::string>(3)));
  }
  return out;
}

std::map<std::string, Money> PaidByRecord(Database& db, RecordKind kind) {
  const Tables t = Of(kind);
  std::map<std::string, Money> out;
  // Summed as text: SOCI would read a SUM as a double.
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + t.id + ", CAST(SUM(amount) AS TEXT) FROM " + t.events +
                               " WHERE kind = 'paid' GROUP BY " + t.id);
  for (const soci::row& r : rows) out[r.get<std::string>(0)] = Pence(std::stoll(r.get<std::string>(1)));
  return out;
}

void InsertRecordEvent(Database& db, RecordKind kind, const std::string& id, const std::string& event,
                       std::optional<long long> entry_id, std::optional<long long> release_id,
                       const Money& amount, const std::string& reference, const Date& date,
                       const std::string& recorded_at, const std::string& recorded_by,
                       const std::string& committed_prefix) {
  const Tables t = Of(kind);
  const std::string id_column = t.id;
  long long seq = 0;
  soci::indicator seq_ind;
  db.sql() << std::string("SELECT MAX(seq) FROM ") + t.events + " WHERE " + id_column + " = :id",
      soci::use(id), soci::into(seq, seq_ind);
  seq = (seq_ind == soci::i_ok ? seq : 0) + 1;
  long long entry_value = entry_id.value_or(0), release_value = release_id.value_or(0);
  soci::indicator entry_ind = entry_id ? soci::i_ok : soci::i_null;
  soci::indicator release_ind = release_id ? soci::i_ok : soci::i_null;
  const long long pence = amount.pence64();
  const std::string day = date.ToString();
  db.sql() << std::string("INSERT INTO ") + t.events + " (" + id_column +
                  ", seq, kind, entry_id, release_entry_id, amount,"
                  " reference, effective_date, recorded_at, recorded_by)"
                  " VALUES (:p, :s, :k, :e, :r, :a, :ref, :d, :t, :u)",
      soci::use(id), soci::use(seq), soci::use(event), soci::use(entry_value, entry_ind),
      soci::use(release_value, release_ind), soci::use(pence), soci::use(reference), soci::use(day),
      soci::use(recorded_at), soci::use(recorded_by);
  if (!entry_id && !release_id) return;
  // What the record still has committed moves by its new entries' postings on the record's line's
  // commitment account (checked against the postings by verify).
  db.sql() << std::string("INSERT INTO ") + t.committed + " (" + id_column +
                  ", partner, amount) SELECT :id, p.partner, SUM(p.amount) FROM postings p"
                  " WHERE p.entry_id IN (:e, :r) AND p.account = :prefix || (SELECT line FROM " +
                  t.records + " WHERE id = :id2) GROUP BY p.partner ON CONFLICT (" + id_column +
                  ", partner) DO UPDATE SET amount = amount + excluded.amount",
      soci::use(id), soci::use(entry_value), soci::use(release_value), soci::use(committed_prefix),
      soci::use(id);
}

std::optional<PaymentRow> FindPayment(Database& db, RecordKind kind, const std::string& id,
                                      const std::string& reference) {
  const Tables t = Of(kind);
  long long paid = 0, entry_id = 0;
  db.sql() << std::string("SELECT amount, entry_id FROM ") + t.events + " WHERE " + t.id +
                  " = :p AND kind = 'paid' AND reference = :r",
      soci::use(id), soci::use(reference), soci::into(paid), soci::into(entry_id);
  if (!db.sql().got_data()) return std::nullopt;
  return PaymentRow{Pence(paid), entry_id};
}

std::map<std::string, Money> CommittedOf(Database& db, RecordKind kind, const std::string& id) {
  const Tables t = Of(kind);
  std::map<std::string, Money> out;
  soci::rowset<soci::row> rows = (db.sql().prepare << std::string("SELECT partner, amount FROM ") +
                                                          t.committed + " WHERE " + t.id + " = :id",
                                  soci::use(id));
  for (const soci::row& r : rows) out[r.get<std::string>(0)] = Pence(r.get<long long>(1));
  return out;
}

std::vector<CommittedRow> CommittedOfAll(Database& db, RecordKind kind) {
  const Tables t = Of(kind);
  std::vector<CommittedRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + t.id + ", partner, amount FROM " + t.committed);
  for (const soci::row& r : rows)
    out.push_back({r.get<std::string>(0), r.get<std::string>(1), Pence(r.get<long long>(2))});
  return out;
}

}  // namespace poolbook::store

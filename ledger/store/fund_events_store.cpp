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
  const char* paid;
  const char* id;
};

Tables Of(RecordKind kind) {
  if (kind == RecordKind::kPackage)
    return {"fund_packages", "fund_package_events", "fund_package_committed", "fund_package_paid",
            "package_id"};
  return {"fund_phbs", "fund_phb_events", "fund_phb_committed", "fund_phb_paid", "phb_id"};
}

Money Pence(long long pence) { return Money::FromPence(static_cast<std::int64_t>(pence)); }

// Adds the postings of entries `entry_id` and `release_id` on the record's line's commitment
// account (`prefix` + line) to what record `id` still has committed.
void AddCommitted(Database& db, const Tables& t, const std::string& id, long long entry_id,
                  long long release_id, const std::string& prefix) {
  const std::string id_column = t.id;
  db.sql() << std::string("INSERT INTO ") + t.committed + " (" + id_column +
                  ", partner, amount) SELECT :id, p.partner, SUM(p.amount) FROM postings p"
                  " WHERE p.entry_id IN (:e, :r) AND p.account = :prefix || (SELECT line FROM " +
                  t.records + " WHERE id = :id2) GROUP BY p.partner ON CONFLICT (" + id_column +
                  ", partner) DO UPDATE SET amount = amount + excluded.amount",
      soci::use(id), soci::use(entry_id), soci::use(release_id), soci::use(prefix), soci::use(id);
}

// Adds the postings of entry `entry_id` on accounts beginning `prefix` (spend) to what record `id`
// has paid.
void AddPaid(Database& db, const Tables& t, const std::string& id, long long entry_id,
             const std::string& prefix) {
  const std::string id_column = t.id;
  const long long length = static_cast<long long>(prefix.size());
  db.sql() << std::string("INSERT INTO ") + t.paid + " (" + id_column +
                  ", partner, amount) SELECT :id, p.partner, SUM(p.amount) FROM postings p"
                  " WHERE p.entry_id = :e AND substr(p.account, 1, :n) = :prefix GROUP BY p.partner"
                  " ON CONFLICT (" +
                  id_column + ", partner) DO UPDATE SET amount = amount + excluded.amount",
      soci::use(id), soci::use(entry_id), soci::use(length), soci::use(prefix);
}

std::vector<CommittedRow> KeptSums(Database& db, const char* table, const char* id_column) {
  std::vector<CommittedRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + id_column + ", partner, amount FROM " + table);
  for (const soci::row& r : rows)
    out.push_back({r.get<std::string>(0), r.get<std::string>(1), Pence(r.get<long long>(2))});
  return out;
}

// Rows of record id, partner and a sum of pence as text (an expression, which SQLite gives no type).
std::vector<CommittedRow> SumsFrom(soci::rowset<soci::row>& rows) {
  std::vector<CommittedRow> out;
  for (const soci::row& r : rows)
    out.push_back({r.get<std::string>(0), r.get<std::string>(1), Pence(std::stoll(r.get<std::string>(2)))});
  return out;
}

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

std::vector<RecordEventRow> RecordEventsExceptPaid(Database& db, RecordKind kind, const AsAt& as_at) {
  const Tables t = Of(kind);
  const std::string bound = AsAtBound(as_at);
  std::vector<RecordEventRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + t.id + ", kind, amount, effective_date FROM " + t.events +
                               " WHERE kind NOT IN ('paid', 'voided', 'credited') AND recorded_at <= :at"
                               " ORDER BY " +
                               t.id + ", seq",
       soci::use(bound));
  for (const soci::row& r : rows) {
    out.push_back(EventFromRow(t, r.get<std::string>(0), r.get<std::string>(1), r.get<long long>(2),
                               r.get<std::string>(3)));
  }
  return out;
}

void InsertRecordEvent(Database& db, RecordKind kind, const std::string& id, const NewRecordEvent& event,
                       const std::string& committed_prefix, const std::string& spend_prefix) {
  const Tables t = Of(kind);
  const std::string id_column = t.id;
  long long seq = 0;
  soci::indicator seq_ind;
  db.sql() << std::string("SELECT MAX(seq) FROM ") + t.events + " WHERE " + id_column + " = :id",
      soci::use(id), soci::into(seq, seq_ind);
  seq = (seq_ind == soci::i_ok ? seq : 0) + 1;
  long long entry_value = event.entry_id.value_or(0), release_value = event.release_id.value_or(0);
  soci::indicator entry_ind = event.entry_id ? soci::i_ok : soci::i_null;
  soci::indicator release_ind = event.release_id ? soci::i_ok : soci::i_null;
  const long long pence = event.amount.pence64();
  const std::string day = event.date.ToString();
  long long rate = event.rate ? event.rate->pence64() : 0;
  soci::indicator rate_ind = event.rate ? soci::i_ok : soci::i_null;
  soci::indicator units_ind = event.units_per_week.empty() ? soci::i_null : soci::i_ok;
  db.sql() << std::string("INSERT INTO ") + t.events + " (" + id_column +
                  ", seq, kind, entry_id, release_entry_id, amount, reference, effective_date, recorded_at,"
                  " recorded_by, corrects, note, rate, units_per_week)"
                  " VALUES (:p, :s, :k, :e, :r, :a, :ref, :d, :t, :u, :c, :n, :rate, :upw)",
      soci::use(id), soci::use(seq), soci::use(event.kind), soci::use(entry_value, entry_ind),
      soci::use(release_value, release_ind), soci::use(pence), soci::use(event.reference), soci::use(day),
      soci::use(event.recorded_at), soci::use(event.recorded_by), soci::use(event.corrects),
      soci::use(event.note), soci::use(rate, rate_ind), soci::use(event.units_per_week, units_ind);
  if (!event.entry_id && !event.release_id) return;
  // What the record still has committed moves by its new entries' postings on the record's line's
  // commitment account, and what it has paid by a payment's postings on spend accounts (both
  // checked against the postings by verify).
  AddCommitted(db, t, id, entry_value, release_value, committed_prefix);
  if (event.entry_id && (event.kind == "paid" || event.kind == "voided" || event.kind == "credited"))
    AddPaid(db, t, id, entry_value, spend_prefix);
}

std::optional<PaymentRow> FindPayment(Database& db, RecordKind kind, const std::string& id,
                                      const std::string& reference) {
  const Tables t = Of(kind);
  long long paid = 0, entry_id = 0, release_id = 0;
  soci::indicator release_ind = soci::i_null;
  std::string day;
  db.sql() << std::string("SELECT amount, entry_id, release_entry_id, effective_date FROM ") + t.events +
                  " WHERE " + t.id + " = :p AND kind = 'paid' AND reference = :r",
      soci::use(id), soci::use(reference), soci::into(paid), soci::into(entry_id),
      soci::into(release_id, release_ind), soci::into(day);
  if (!db.sql().got_data()) return std::nullopt;
  PaymentRow out{Pence(paid), entry_id, std::nullopt, StoredDate(day, t.events, id), false, Money()};
  if (release_ind == soci::i_ok) out.release_entry_id = release_id;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT kind, amount FROM ") + t.events + " WHERE " + t.id +
                               " = :p AND corrects = :r AND kind IN ('voided', 'credited')",
       soci::use(id), soci::use(reference));
  for (const soci::row& r : rows) {
    if (r.get<std::string>(0) == "voided") out.voided = true;
    if (r.get<std::string>(0) == "credited") out.credited += Pence(r.get<long long>(1));
  }
  return out;
}

std::optional<CreditRow> FindCredit(Database& db, RecordKind kind, const std::string& id,
                                    const std::string& reference) {
  const Tables t = Of(kind);
  long long amount = 0, entry_id = 0;
  std::string corrects;
  db.sql() << std::string("SELECT amount, corrects, entry_id FROM ") + t.events + " WHERE " + t.id +
                  " = :p AND kind = 'credited' AND reference = :r",
      soci::use(id), soci::use(reference), soci::into(amount), soci::into(corrects), soci::into(entry_id);
  if (!db.sql().got_data()) return std::nullopt;
  return CreditRow{Pence(amount), corrects, entry_id};
}

std::map<std::string, Money> PaidOf(Database& db, RecordKind kind, const std::string& id) {
  const Tables t = Of(kind);
  std::map<std::string, Money> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT partner, amount FROM ") + t.paid + " WHERE " + t.id + " = :id",
       soci::use(id));
  for (const soci::row& r : rows) out[r.get<std::string>(0)] = Pence(r.get<long long>(1));
  return out;
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
  return KeptSums(db, t.committed, t.id);
}

std::vector<CommittedRow> PaidOfAll(Database& db, RecordKind kind) {
  const Tables t = Of(kind);
  return KeptSums(db, t.paid, t.id);
}

std::vector<CommittedRow> CommittedOfAllAsAt(Database& db, RecordKind kind, const std::string& as_at,
                                             const std::string& committed_prefix) {
  const Tables t = Of(kind);
  const std::string id = t.id, events = t.events;
  const std::string sql =
      "SELECT ev.id, p.partner, CAST(SUM(p.amount) AS TEXT) FROM (SELECT " + id +
      " AS id, entry_id AS e FROM " + events +
      " WHERE entry_id IS NOT NULL AND recorded_at <= :a1 UNION SELECT " + id + ", release_entry_id FROM " +
      events + " WHERE release_entry_id IS NOT NULL AND recorded_at <= :a2) ev JOIN " + t.records +
      " r ON r.id = ev.id JOIN postings p ON p.entry_id = ev.e AND p.account = :c || r.line"
      " GROUP BY ev.id, p.partner";
  soci::rowset<soci::row> rows = (db.sql().prepare << sql, soci::use(as_at, "a1"), soci::use(as_at, "a2"),
                                  soci::use(committed_prefix, "c"));
  return SumsFrom(rows);
}

std::vector<CommittedRow> PaidOfAllAsAt(Database& db, RecordKind kind, const std::string& as_at,
                                        const std::string& spend_prefix) {
  const Tables t = Of(kind);
  const std::string id = t.id;
  const long long length = static_cast<long long>(spend_prefix.size());
  const std::string sql = "SELECT ev." + id + ", p.partner, CAST(SUM(p.amount) AS TEXT) FROM " + t.events +
                          " ev JOIN postings p ON p.entry_id = ev.entry_id AND substr(p.account, 1, :n) = :s"
                          " WHERE ev.kind IN ('paid', 'voided', 'credited') AND ev.recorded_at <= :a"
                          " GROUP BY ev." +
                          id + ", p.partner";
  soci::rowset<soci::row> rows =
      (db.sql().prepare << sql, soci::use(length, "n"), soci::use(spend_prefix, "s"), soci::use(as_at, "a"));
  return SumsFrom(rows);
}

namespace {

std::vector<AmendmentRow> Amendments(Database& db, const std::string& where, const std::string& id,
                                     const AsAt& as_at) {
  const std::string bound = AsAtBound(as_at);
  std::vector<AmendmentRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare
           << "SELECT package_id, effective_date, rate, units_per_week, amount, note FROM fund_package_events"
              " WHERE kind = 'amended' AND recorded_at <= :at" +
                  where + " ORDER BY package_id, seq",
       soci::use(bound, "at"), soci::use(id, "id"));
  for (const soci::row& r : rows) {
    AmendmentRow a;
    a.package_id = r.get<std::string>(0);
    a.from = StoredDate(r.get<std::string>(1), "fund_package_events", a.package_id);
    a.rate = Pence(r.get<long long>(2));
    a.units_per_week = r.get<std::string>(3);
    a.change = Pence(r.get<long long>(4));
    a.reason = r.get<std::string>(5);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::vector<AmendmentRow> PackageAmendments(Database& db, const std::string& id) {
  return Amendments(db, " AND package_id = :id", id, std::nullopt);
}

std::vector<AmendmentRow> AllPackageAmendments(Database& db, const AsAt& as_at) {
  return Amendments(db, " AND package_id <> :id", "", as_at);  // every package: none has an empty id
}

}  // namespace poolbook::store

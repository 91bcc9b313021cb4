#include "ledger/store/schema.h"

#include <tuple>

namespace poolbook::store {

namespace {

// The migrations list DDL as adjacent string literals that the compiler joins into one statement.
// NOLINTBEGIN(bugprone-suspicious-missing-comma)
std::vector<std::string> Version1(const Dialect& d) {
  std::vector<std::string> v1 = {
      // Counters: ref_version changes whenever partners, accounts or periods change, so a writer
      // knows when to reload its cached copy of them.
      "CREATE TABLE meta (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
      "INSERT INTO meta (name, value) VALUES ('ref_version', 1)",
      "CREATE TABLE partners (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, closed_at "
      "TEXT)",
      "CREATE TABLE accounts (name TEXT PRIMARY KEY, type TEXT NOT NULL "
      "CHECK (type IN ('asset','liability','income','expense','equity')), opened_at TEXT NOT NULL, closed_at "
      "TEXT)",
      "CREATE TABLE entries ("
      " id " +
          d.RowIdType() +
          " PRIMARY KEY,"
          " entry_key TEXT NOT NULL UNIQUE,"
          " book TEXT NOT NULL CHECK (book IN ('actual','budget','commitment')),"
          " effective_date TEXT NOT NULL,"
          " period TEXT NOT NULL,"
          " recorded_at TEXT NOT NULL,"
          " memo TEXT NOT NULL,"
          " posted_by TEXT NOT NULL,"
          " reverses BIGINT,"
          " body_sha256 TEXT NOT NULL,"
          " prev_hash TEXT NOT NULL,"
          " hash TEXT NOT NULL)",
      "CREATE TABLE postings ("
      " entry_id BIGINT NOT NULL,"
      " seq INTEGER NOT NULL,"
      " account TEXT NOT NULL,"
      " partner TEXT NOT NULL,"
      " person TEXT,"
      " line TEXT,"
      " amount BIGINT NOT NULL CHECK (amount <> 0),"
      " PRIMARY KEY (entry_id, seq))" +
          d.ClusteredTableSuffix(),
      // An entry is reversed at most once; most entries reverse nothing, so index only those that do.
      "CREATE UNIQUE INDEX entries_reverses ON entries (reverses) WHERE reverses IS NOT NULL",
      // Maintained as entries are written: reading a balance never scans postings.
      "CREATE TABLE balances ("
      " book TEXT NOT NULL, account TEXT NOT NULL, partner TEXT NOT NULL,"
      " balance BIGINT NOT NULL " +
          d.BalanceIntegerCheck() +
          ","
          " postings BIGINT NOT NULL,"
          " PRIMARY KEY (book, account, partner))" +
          d.ClusteredTableSuffix(),
      // Each row closes every period up to and including through_period.
      "CREATE TABLE period_closes (through_period TEXT PRIMARY KEY, closed_at TEXT NOT NULL, closed_by TEXT "
      "NOT NULL)",
      // The chain head: the last entry written and its hash. One row; locked by every writer.
      "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), last_entry_id BIGINT NOT NULL,"
      " last_hash TEXT NOT NULL)",
      "INSERT INTO chain_head (id, last_entry_id, last_hash) VALUES (1, 0, '" + std::string(64, '0') + "')",
  };
  for (const char* table : {"entries", "postings", "period_closes"}) {
    for (std::string& t : d.AppendOnlyTriggers(table)) v1.push_back(std::move(t));
  }

  return v1;
}

// Version 2: partners and accounts get small integer ids, and the maintained balances are keyed
// by numbers (book 1 actual, 2 budget, 3 commitment; account id; partner id) instead of text:
// smaller rows and cheaper comparisons, since every write updates one balance row per account
// and partner it touches. Postings still name accounts and partners, so the hashed journal does
// not change. Ids are given in the order the rows were made.
std::vector<std::string> Version2(const Dialect& d) {
  const std::string row_id = d.RowIdType();
  std::vector<std::string> v2 = {
      "CREATE TABLE partners_v2 (id " + row_id +
          " PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created_at TEXT NOT NULL,"
          " closed_at TEXT)",
      "INSERT INTO partners_v2 (id, code, name, created_at, closed_at)"
      " SELECT ROW_NUMBER() OVER (ORDER BY created_at, code), code, name, created_at, closed_at FROM "
      "partners",
      "CREATE TABLE accounts_v2 (id " + row_id +
          " PRIMARY KEY, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL"
          " CHECK (type IN ('asset','liability','income','expense','equity')), opened_at TEXT NOT NULL,"
          " closed_at TEXT)",
      "INSERT INTO accounts_v2 (id, name, type, opened_at, closed_at)"
      " SELECT ROW_NUMBER() OVER (ORDER BY opened_at, name), name, type, opened_at, closed_at FROM accounts",
      "CREATE TABLE balances_v2 ("
      " book INTEGER NOT NULL CHECK (book IN (1, 2, 3)),"
      " account_id BIGINT NOT NULL,"
      " partner_id BIGINT NOT NULL,"
      " balance BIGINT NOT NULL " +
          d.BalanceIntegerCheck() +
          ","
          " postings BIGINT NOT NULL,"
          " PRIMARY KEY (book, account_id, partner_id))" +
          d.ClusteredTableSuffix(),
      "INSERT INTO balances_v2 (book, account_id, partner_id, balance, postings)"
      " SELECT CASE b.book WHEN 'actual' THEN 1 WHEN 'budget' THEN 2 ELSE 3 END, a.id, p.id, b.balance,"
      " b.postings FROM balances b JOIN accounts_v2 a ON a.name = b.account"
      " JOIN partners_v2 p ON p.code = b.partner",
      "DROP TABLE balances",
      "DROP TABLE accounts",
      "DROP TABLE partners",
      "ALTER TABLE partners_v2 RENAME TO partners",
      "ALTER TABLE accounts_v2 RENAME TO accounts",
      "ALTER TABLE balances_v2 RENAME TO balances",
      // Writers reload partners and accounts (now with ids).
      "UPDATE meta SET value = value + 1 WHERE name = 'ref_version'",
  };
  return v2;
}

// Version 3: the pooled fund's own records, kept beside the journal and written in the same
// transaction as the entries they explain (ledger/fund). Money lives only in the journal; these
// say which entries belong to what (a package, a virement) and hold the agreement.
std::vector<std::string> Version3(const Dialect& d) {
  const std::string row_id = d.RowIdType();
  std::vector<std::string> v3 = {
      // One agreement per financial year; the newest is the fund's current year.
      "CREATE TABLE fund_agreement (year INTEGER PRIMARY KEY, agreement TEXT NOT NULL,"
      " set_up_at TEXT NOT NULL, set_up_by TEXT NOT NULL)",
      // People by pseudonym only: how a pseudonym was made ('nhs-hmac' or 'local'), never the
      // NHS number itself.
      "CREATE TABLE fund_people (pseudonym TEXT PRIMARY KEY, source TEXT NOT NULL"
      " CHECK (source IN ('nhs-hmac', 'local')), registered_at TEXT NOT NULL, registered_by TEXT NOT NULL)",
      "CREATE TABLE fund_packages (id TEXT PRIMARY KEY, person TEXT NOT NULL, provider TEXT NOT NULL,"
      " line TEXT NOT NULL, rate BIGINT NOT NULL, unit TEXT NOT NULL, units_per_week TEXT NOT NULL,"
      " start_date TEXT NOT NULL, end_date TEXT NOT NULL, split TEXT NOT NULL, created_at TEXT NOT NULL,"
      " created_by TEXT NOT NULL,"
      // Crisis packages are committed at once and flagged until the lead budget holder approves.
      " needs_approval INTEGER NOT NULL DEFAULT 0, approved_by TEXT, approved_at TEXT)",
      // Every journal entry that belongs to a package, in order: its commitment, invoices paid,
      // ending. What remains committed is summed from these entries' postings.
      "CREATE TABLE fund_package_events (package_id TEXT NOT NULL, seq INTEGER NOT NULL,"
      " kind TEXT NOT NULL CHECK (kind IN ('commissioned', 'paid', 'ended')),"
      " entry_id BIGINT, release_entry_id BIGINT, amount BIGINT NOT NULL, reference TEXT NOT NULL,"
      " effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
      " PRIMARY KEY (package_id, seq))",
      "CREATE TABLE fund_virements (id " + row_id +
          " PRIMARY KEY, reference TEXT NOT NULL UNIQUE, from_line TEXT NOT NULL, to_line TEXT NOT NULL,"
          " amount BIGINT NOT NULL,"
          " reason TEXT NOT NULL, effective_date TEXT NOT NULL, requested_by TEXT NOT NULL,"
          " requested_at TEXT NOT NULL,"
          " state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),"
          " decided_by TEXT, decided_at TEXT, decision_note TEXT, entry_id BIGINT)",
      // Dual-running: an inpatient placement and a community package for one person.
      "CREATE TABLE fund_transitions (id TEXT PRIMARY KEY, person TEXT NOT NULL,"
      " inpatient_package TEXT NOT NULL, community_package TEXT NOT NULL, planned_end TEXT NOT NULL,"
      " created_at TEXT NOT NULL, created_by TEXT NOT NULL)",
      // Personal health budgets. The agreed budget is committed like a package; payments are
      // actuals; recoveries return money to the pool.
      "CREATE TABLE fund_phbs (id TEXT PRIMARY KEY, person TEXT NOT NULL, line TEXT NOT NULL,"
      " mode TEXT NOT NULL CHECK (mode IN ('notional', 'third_party', 'direct_payment')),"
      " indicative BIGINT NOT NULL, agreed BIGINT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,"
      " review_date TEXT NOT NULL, split TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL)",
      "CREATE TABLE fund_phb_events (phb_id TEXT NOT NULL, seq INTEGER NOT NULL,"
      " kind TEXT NOT NULL CHECK (kind IN ('agreed', 'paid', 'held', 'recovered')),"
      " entry_id BIGINT, release_entry_id BIGINT, amount BIGINT NOT NULL, reference TEXT NOT NULL,"
      " effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
      " PRIMARY KEY (phb_id, seq))",
      // Recovery of PHB money: decided with a ground from the Regulations, open to reconsideration,
      // collected (posted) only once no reconsideration is pending.
      "CREATE TABLE fund_phb_recoveries (id " + row_id +
          " PRIMARY KEY, reference TEXT NOT NULL UNIQUE, phb_id TEXT NOT NULL, amount BIGINT NOT NULL,"
          " ground TEXT NOT NULL,"
          " detail TEXT NOT NULL,"
          " state TEXT NOT NULL CHECK (state IN ('decided', 'reconsidering', 'withdrawn', 'collected')),"
          " decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, reconsideration TEXT, entry_id BIGINT)",
      // Variations of an agreed contribution: each raises (or, when negative, reduces) what the
      // partner owes, on its due date.
      "CREATE TABLE fund_contribution_variations (year INTEGER NOT NULL, partner TEXT NOT NULL,"
      " seq INTEGER NOT NULL, reference TEXT NOT NULL, amount BIGINT NOT NULL, due_date TEXT NOT NULL,"
      " reason TEXT NOT NULL, entry_id BIGINT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
      " PRIMARY KEY (year, partner, seq), UNIQUE (year, partner, reference))",
      // Year-end risk-share settlements, one per financial year.
      "CREATE TABLE fund_settlements (year INTEGER PRIMARY KEY, statement TEXT NOT NULL, entry_id BIGINT,"
      " settled_at TEXT NOT NULL, settled_by TEXT NOT NULL)",
  };
  for (const char* table : {"fund_agreement", "fund_package_events", "fund_phb_events", "fund_settlements",
                            "fund_contribution_variations"}) {
    for (std::string& t : d.AppendOnlyTriggers(table)) v3.push_back(std::move(t));
  }
  return v3;
}

// Version 4: the API's users and bearer tokens, and the access log of personal data (api/).
// A token is stored only as the SHA-256 of its text; its public id (the part before the secret)
// finds the row, and the hash is then compared in constant time.
std::vector<std::string> Version4(const Dialect& d) {
  const std::string row_id = d.RowIdType();
  std::vector<std::string> v4 = {
      "CREATE TABLE api_users (name TEXT PRIMARY KEY,"
      " role TEXT NOT NULL CHECK (role IN ('finance_officer', 'lead_budget_holder', 'commissioner',"
      " 'auditor', 'admin')),"
      " created_at TEXT NOT NULL, created_by TEXT NOT NULL, disabled_at TEXT, disabled_by TEXT)",
      "CREATE TABLE api_tokens (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, sha256 TEXT NOT NULL,"
      " label TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT,"
      " revoked_by TEXT)",
      // Who saw which person's data, through which route, when. Append-only.
      "CREATE TABLE access_log (id " + row_id +
          " PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL, role TEXT NOT NULL, person TEXT NOT NULL,"
          " method TEXT NOT NULL, route TEXT NOT NULL, target TEXT NOT NULL)",
      "CREATE INDEX access_log_person ON access_log (person, id)",
      // A person's postings without a scan: spend per person, and entries filtered by person.
      "CREATE INDEX postings_person ON postings (person, entry_id) WHERE person IS NOT NULL",
  };
  for (std::string& t : d.AppendOnlyTriggers("access_log")) v4.push_back(std::move(t));
  return v4;
}

// Version 5: the reports' maintained totals, kept with every append like the balances (and
// checked against the postings by verify): per book, account, partner, line and period, and the
// same per person. A report reads these small tables instead of summing every posting; "as at"
// a past moment, it takes away the entries recorded after it (found by entries_recorded_at).
std::vector<std::string> Version5(const Dialect& d) {
  std::vector<std::string> v5 = {
      "CREATE TABLE report_totals (book TEXT NOT NULL, account TEXT NOT NULL, partner TEXT NOT NULL,"
      " line TEXT NOT NULL, period TEXT NOT NULL,"
      " amount BIGINT NOT NULL CHECK (typeof(amount) = 'integer'), postings BIGINT NOT NULL,"
      " PRIMARY KEY (book, account, partner, line, period))" +
          d.ClusteredTableSuffix(),
      "CREATE TABLE person_totals (person TEXT NOT NULL, book TEXT NOT NULL, account TEXT NOT NULL,"
      " partner TEXT NOT NULL, line TEXT NOT NULL, period TEXT NOT NULL,"
      " amount BIGINT NOT NULL CHECK (typeof(amount) = 'integer'), postings BIGINT NOT NULL,"
      " PRIMARY KEY (person, book, account, partner, line, period))" +
          d.ClusteredTableSuffix(),
      "CREATE INDEX entries_recorded_at ON entries (recorded_at)",
      "INSERT INTO report_totals (book, account, partner, line, period, amount, postings)"
      " SELECT e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount), COUNT(*)"
      " FROM postings p JOIN entries e ON e.id = p.entry_id GROUP BY 1, 2, 3, 4, 5",
      "INSERT INTO person_totals (person, book, account, partner, line, period, amount, postings)"
      " SELECT p.person, e.book, p.account, p.partner, COALESCE(p.line, ''), e.period, SUM(p.amount), "
      "COUNT(*)"
      " FROM postings p JOIN entries e ON e.id = p.entry_id WHERE p.person IS NOT NULL"
      " GROUP BY 1, 2, 3, 4, 5, 6",
  };
  return v5;
}

// Version 6: two more maintained sums, each checked by verify.
// - What each package and PHB still has committed, per partner: kept with the record's events
//   (ledger/fund, InsertEvent) from the postings of the entries each event names, on the
//   record's line's commitment account ("commitment:care:<line>"), instead of summing those
//   postings for every record on every read.
// - The report totals of each block of kTotalsBlockEntries entries, in entry order. Recorded
//   times never go backwards along the chain, so the entries recorded at or before a moment are
//   a first part of it: "as at" sums whole blocks and reads the postings of at most two partial
//   blocks, instead of every entry recorded after the moment.
std::vector<std::string> Version6(const Dialect& d) {
  const std::string k = std::to_string(kTotalsBlockEntries);
  std::vector<std::string> v6;
  for (const auto& [records, events, id] : {std::tuple{"fund_packages", "fund_package_events", "package_id"},
                                            std::tuple{"fund_phbs", "fund_phb_events", "phb_id"}}) {
    const std::string committed =
        std::string(records).substr(0, std::string(records).size() - 1) + "_committed";
    v6.push_back("CREATE TABLE " + committed + " (" + id +
                 " TEXT NOT NULL, partner TEXT NOT NULL, amount BIGINT NOT NULL, PRIMARY KEY (" + id +
                 ", partner))");
    v6.push_back(
        "INSERT INTO " + committed + " (" + id +
        ", partner, amount) SELECT ev.id, p.partner, SUM(p.amount)"
        " FROM (SELECT " +
        id + " AS id, entry_id AS e FROM " + events + " WHERE entry_id IS NOT NULL UNION SELECT " + id +
        ", release_entry_id FROM " + events + " WHERE release_entry_id IS NOT NULL) ev JOIN " + records +
        " r ON r.id = ev.id JOIN postings p ON p.entry_id = ev.e AND p.account = 'commitment:care:' || r.line"
        " GROUP BY ev.id, p.partner");
  }
  // A block's sum for one key can pass 64 bits (amounts near the limit that cancel out across
  // blocks), so it is kept in two parts that cannot: high = SUM(amount >> 32) and low =
  // SUM(amount & 0xFFFFFFFF), amount = high * 2^32 + low (a block holds at most 1,024,000
  // postings, each part of each under 2^32).
  v6.push_back(
      "CREATE TABLE report_blocks (block BIGINT NOT NULL, book TEXT NOT NULL, account TEXT NOT NULL,"
      " partner TEXT NOT NULL, line TEXT NOT NULL, period TEXT NOT NULL, high BIGINT NOT NULL,"
      " low BIGINT NOT NULL, PRIMARY KEY (block, book, account, partner, line, period))" +
      d.ClusteredTableSuffix());
  v6.push_back(
      "INSERT INTO report_blocks (block, book, account, partner, line, period, high, low)"
      " SELECT (e.id - 1) / " +
      k +
      ", e.book, p.account, p.partner, COALESCE(p.line, ''), e.period,"
      " SUM(p.amount >> 32), SUM(p.amount & 4294967295) FROM entries e JOIN postings p ON p.entry_id = e.id"
      " WHERE e.id <= (SELECT last_entry_id / " +
      k + " * " + k + " FROM chain_head) GROUP BY 1, 2, 3, 4, 5, 6");
  return v6;
}

// Version 7: corrections through the fund, and what a record has paid kept like what it has
// committed (issue 13).
// - Events may now also be corrections: an invoice voided, a credit note, a crisis commitment
//   cancelled, a package's rate or units amended from a date (with the new terms, `rate` and
//   `units_per_week`), a payment voided (PHBs). A correction names the payment it corrects
//   (`corrects`, its reference) and why (`note`); a payment above what remained committed keeps
//   its stated reason in `note`. SQLite cannot widen a CHECK in place, so each events table is
//   copied into a new one, whose append-only triggers are made again.
// - What each package and PHB has paid, per partner: the postings on spend accounts ("spend:...")
//   of the entries of its payments and their corrections, kept with each event (ledger/fund,
//   InsertEvent) and checked by verify, like what it still has committed.
// - A virement applied in error can be undone: the entry that reverses it, who, when and why.
// - A year's sign-off can be undone before the next year starts and made again (below).
std::vector<std::string> Version7(const Dialect& d) {
  std::vector<std::string> v7;
  for (const auto& [records, events, id, kinds] :
       {std::tuple{"fund_package", "fund_package_events", "package_id",
                   "'commissioned', 'paid', 'ended', 'voided', 'credited', 'cancelled', 'amended'"},
        std::tuple{"fund_phb", "fund_phb_events", "phb_id",
                   "'agreed', 'paid', 'held', 'recovered', 'voided'"}}) {
    const std::string ev = events, idc = id, next = ev + "_v7";
    v7.push_back(
        "CREATE TABLE " + next + " (" + idc + " TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL" +
        " CHECK (kind IN (" + kinds +
        ")), entry_id BIGINT, release_entry_id BIGINT, amount BIGINT NOT NULL,"
        " reference TEXT NOT NULL, effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " recorded_by TEXT NOT NULL, corrects TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
        " rate BIGINT, units_per_week TEXT, PRIMARY KEY (" +
        idc + ", seq))");
    v7.push_back("INSERT INTO " + next + " (" + idc +
                 ", seq, kind, entry_id, release_entry_id, amount, reference, effective_date, recorded_at,"
                 " recorded_by) SELECT " +
                 idc +
                 ", seq, kind, entry_id, release_entry_id, amount, reference, effective_date, recorded_at,"
                 " recorded_by FROM " +
                 ev);
    v7.push_back("DROP TABLE " + ev);
    v7.push_back("ALTER TABLE " + next + " RENAME TO " + ev);
    for (std::string& t : d.AppendOnlyTriggers(ev)) v7.push_back(std::move(t));
    const std::string paid = std::string(records) + "_paid";
    v7.push_back("CREATE TABLE " + paid + " (" + idc +
                 " TEXT NOT NULL, partner TEXT NOT NULL, amount BIGINT NOT NULL, PRIMARY KEY (" + idc +
                 ", partner))");
    v7.push_back("INSERT INTO " + paid + " (" + idc + ", partner, amount) SELECT ev." + idc +
                 ", p.partner, SUM(p.amount) FROM " + ev +
                 " ev JOIN postings p ON p.entry_id = ev.entry_id AND p.account LIKE 'spend:%'"
                 " WHERE ev.kind IN ('paid', 'voided', 'credited') GROUP BY ev." +
                 idc + ", p.partner");
  }
  for (const char* column : {"undo_entry_id BIGINT", "undone_by TEXT", "undone_at TEXT", "undo_reason TEXT"})
    v7.push_back(std::string("ALTER TABLE fund_virements ADD COLUMN ") + column);
  // A year's risk share may be signed off, undone by the lead budget holder (with a reason) until
  // the next year starts, and signed off again: a row per sign-off (seq), a row per undo.
  v7.push_back(
      "CREATE TABLE fund_settlements_v7 (year INTEGER NOT NULL, seq INTEGER NOT NULL, statement TEXT NOT "
      "NULL,"
      " entry_id BIGINT, settled_at TEXT NOT NULL, settled_by TEXT NOT NULL, PRIMARY KEY (year, seq))");
  v7.push_back(
      "INSERT INTO fund_settlements_v7 (year, seq, statement, entry_id, settled_at, settled_by)"
      " SELECT year, 1, statement, entry_id, settled_at, settled_by FROM fund_settlements");
  v7.push_back("DROP TABLE fund_settlements");
  v7.push_back("ALTER TABLE fund_settlements_v7 RENAME TO fund_settlements");
  v7.push_back(
      "CREATE TABLE fund_settlement_undos (year INTEGER NOT NULL, seq INTEGER NOT NULL, undo_entry_id BIGINT,"
      " undone_at TEXT NOT NULL, undone_by TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (year, seq))");
  for (const char* table : {"fund_settlements", "fund_settlement_undos"})
    for (std::string& t : d.AppendOnlyTriggers(table)) v7.push_back(std::move(t));
  return v7;
}

// Version 8: commitments by financial year (issue 13).
// - A package or PHB commits only the cost of the fund's current year; when the next year starts,
//   its part of that year is brought into the commitment book: a "brought_in" event each year.
// - A package may be open-ended: no end date (end_date NULL) but a review date; it commits to the
//   end of each year until it is ended. A package's row now keeps the end it was commissioned
//   with; each "ended" event moves it.
// SQLite cannot widen a CHECK or drop a NOT NULL in place, so the tables are copied into new ones
// and the append-only triggers of the events tables are made again.
std::vector<std::string> Version8(const Dialect& d) {
  std::vector<std::string> v8;
  const std::string columns =
      "seq, kind, entry_id, release_entry_id, amount, reference, effective_date, recorded_at, recorded_by,"
      " corrects, note, rate, units_per_week";
  for (const auto& [events, id, kinds] :
       {std::tuple{
            "fund_package_events", "package_id",
            "'commissioned', 'paid', 'ended', 'voided', 'credited', 'cancelled', 'amended', 'brought_in'"},
        std::tuple{"fund_phb_events", "phb_id",
                   "'agreed', 'paid', 'held', 'recovered', 'voided', 'brought_in'"}}) {
    const std::string ev = events, idc = id, next = ev + "_v8";
    v8.push_back(
        "CREATE TABLE " + next + " (" + idc + " TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL" +
        " CHECK (kind IN (" + kinds +
        ")), entry_id BIGINT, release_entry_id BIGINT, amount BIGINT NOT NULL,"
        " reference TEXT NOT NULL, effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " recorded_by TEXT NOT NULL, corrects TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
        " rate BIGINT, units_per_week TEXT, PRIMARY KEY (" +
        idc + ", seq))");
    v8.push_back("INSERT INTO " + next + " (" + idc + ", " + columns + ") SELECT " + idc + ", " + columns +
                 " FROM " + ev);
    v8.push_back("DROP TABLE " + ev);
    v8.push_back("ALTER TABLE " + next + " RENAME TO " + ev);
    for (std::string& t : d.AppendOnlyTriggers(ev)) v8.push_back(std::move(t));
  }
  const std::string package_columns =
      "id, person, provider, line, rate, unit, units_per_week, start_date, end_date, split, created_at,"
      " created_by, needs_approval, approved_by, approved_at";
  v8.push_back(
      "CREATE TABLE fund_packages_v8 (id TEXT PRIMARY KEY, person TEXT NOT NULL, provider TEXT NOT NULL,"
      " line TEXT NOT NULL, rate BIGINT NOT NULL, unit TEXT NOT NULL, units_per_week TEXT NOT NULL,"
      " start_date TEXT NOT NULL, end_date TEXT, split TEXT NOT NULL, created_at TEXT NOT NULL,"
      " created_by TEXT NOT NULL, needs_approval INTEGER NOT NULL DEFAULT 0, approved_by TEXT, approved_at "
      "TEXT,"
      " review_date TEXT, CHECK (end_date IS NOT NULL OR review_date IS NOT NULL))");
  v8.push_back("INSERT INTO fund_packages_v8 (" + package_columns + ") SELECT " + package_columns +
               " FROM fund_packages");
  v8.push_back("DROP TABLE fund_packages");
  v8.push_back("ALTER TABLE fund_packages_v8 RENAME TO fund_packages");
  return v8;
}

// NOLINTEND(bugprone-suspicious-missing-comma)

}  // namespace

std::vector<std::vector<std::string>> Migrations(const Dialect& d) {
  return {Version1(d), Version2(d), Version3(d), Version4(d),
          Version5(d), Version6(d), Version7(d), Version8(d)};
}

}  // namespace poolbook::store

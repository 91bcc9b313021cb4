#include "testing/random_spends.h"

#include <algorithm>

#include "ledger/store/schema.h"

namespace poolbook::testing {

Status OpenSpendAccounts(Journal& journal) {
  for (auto [code, name] : {std::pair{"ICB", "NHS Example ICB"}, std::pair{"CNCL", "Example Council"}}) {
    Status st = journal.AddPartner(code, name);
    if (!st.ok() && st.code() != Code::kAlreadyExists) return st;
  }
  for (auto [name, type] :
       {std::pair{"pool:cash", AccountType::kAsset}, std::pair{"spend:package", AccountType::kExpense}}) {
    Status st = journal.OpenAccount(name, type);
    if (!st.ok() && st.code() != Code::kAlreadyExists) return st;
  }
  return Status::Ok();
}

Status WriteSpendBatch(Journal& journal, int first, int count, std::mt19937_64& rng) {
  const char* partners[] = {"ICB", "CNCL"};
  std::vector<Entry> batch;
  for (int n = first; n < first + count; ++n) {
    const int month = n % 12 + 1;
    Entry e;
    e.key = "e" + std::to_string(n);
    e.date = *Date::Parse("2025-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-15");
    e.memo = e.key;
    const std::int64_t pence = static_cast<std::int64_t>(rng() % 100000 + 1);
    const Money amount = Money::FromPence(rng() % 5 ? pence : -pence);
    const std::string partner = partners[rng() % 2];
    e.postings = {{"spend:package", partner, "", "LD-PKG", amount}, {"pool:cash", partner, "", "", -amount}};
    batch.push_back(std::move(e));
  }
  PostOptions o;
  o.user = "t";
  BatchResult r = journal.PostBatch(batch, o);
  for (const auto& one : r.results)
    if (!one.ok()) return one.status();
  return Status::Ok();
}

Status WriteRandomSpends(Journal& journal, int count, std::mt19937_64& rng) {
  const int k = static_cast<int>(store::kTotalsBlockEntries);
  int written = 0;
  while (written < count) {
    int size = static_cast<int>(rng() % 3 == 0 ? rng() % 5 + 1 : rng() % 700 + 1);
    if (rng() % 4 == 0) size = k - written % k;  // end exactly on a block's last entry
    size = std::min(size, count - written);
    if (Status st = WriteSpendBatch(journal, written + 1, size, rng); !st.ok()) return st;
    written += size;
  }
  return Status::Ok();
}

}  // namespace poolbook::testing

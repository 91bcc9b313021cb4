// The entries the fund's operations write belong to their records: none may be reversed on its own
// (the record would then disagree with the journal), and nobody but the fund may write a key that
// begins "fund:" (ledger/journal.h, kFundKeyPrefix).
#include <gtest/gtest.h>

#include "ledger/fund/fund.h"
#include "ledger/verify.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using testing::FundTest;
using testing::M;

TEST_F(FundTest, AnEntryTheFundWroteIsNotReversedOnItsOwn) {
  FundEverything();
  ASSERT_TRUE(fund_->Commission(Spec("PK-1"), Date{2025, 6, 1}, "officer").ok());
  auto invoice = fund_->PayInvoice("PK-1", M("300.00"), Date{2025, 6, 30}, "INV-1", "officer");
  ASSERT_TRUE(invoice.ok()) << invoice.status().message();
  long long receipt = 0;
  journal_->db().sql()
      << "SELECT MIN(id) FROM entries WHERE entry_key LIKE 'fund:2025:contribution:%:received:%'",
      soci::into(receipt);
  ASSERT_GT(receipt, 0);
  long long commissioned = 0;
  journal_->db().sql() << "SELECT id FROM entries WHERE entry_key = 'fund:2025:package:PK-1:commissioned'",
      soci::into(commissioned);
  ASSERT_GT(commissioned, 0);

  const struct {
    const char* what;
    long long id;
  } cases[] = {{"the commitment", commissioned}, {"an invoice paid", invoice->id}, {"a receipt", receipt}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string before = Snap();
    ReverseOptions o;
    o.reason = "paid twice";
    auto r = journal_->Reverse(c.id, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
    EXPECT_EQ(r.status().reason(), Reason::kWrittenByFund);
    EXPECT_NE(r.status().message().find("was written by the fund"), std::string::npos);
    EXPECT_EQ(Snap(), before);
  }
  EXPECT_EQ(fund_->GetPackage("PK-1")->paid.ToString(), "300.00");
  const VerifyReport report = Verify(journal_->db());
  EXPECT_TRUE(report.ok) << report.problem;
}

TEST_F(FundTest, NobodyButTheFundWritesAFundKey) {
  FundEverything();
  const std::string before = Snap();
  Entry e;
  e.key = "fund:2025:package:PK-9:commissioned";
  e.book = Book::kActual;
  e.date = Date{2025, 6, 1};
  e.memo = "looks like the fund's";
  e.postings = {{"pool:cash", "ICB", "", "", M("1.00")}, {"pool:cash", "CNCL1", "", "", M("-1.00")}};
  auto r = journal_->Post(e, "officer");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "key");
  EXPECT_EQ(Snap(), before);
  e.key = "my:fund:2025";  // "fund:" elsewhere in a key is anyone's
  EXPECT_TRUE(journal_->Post(e, "officer").ok());
}

}  // namespace
}  // namespace poolbook::fund

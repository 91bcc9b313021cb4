// The handlers of the `poolbook` commands, one per row of the command table (cli_commands.cpp).
// Each returns the exit code: kExitOk, kExitRefused (one line on stderr), or kExitUsage.
#pragma once

#include <optional>
#include <string>

#include "api/cli_context.h"
#include "ledger/entry.h"

namespace poolbook::api::cli {

// The ledger itself (cli_ledger.cpp).
int Init(CliContext& c);
int PartnerAdd(CliContext& c);
int PartnerClose(CliContext& c);
int PartnerList(CliContext& c);
int AccountOpen(CliContext& c);
int AccountClose(CliContext& c);
int AccountList(CliContext& c);
int Show(CliContext& c);
int Balance(CliContext& c);
int TrialBalance(CliContext& c);
int Verify(CliContext& c);
// Prints the trial balance of `book` (every book if none) as text, csv or json.
int PrintTrialBalance(CliContext& c, Journal& journal, std::optional<Book> book, const std::string& format);

// Writing entries (cli_entries.cpp).
int Post(CliContext& c);
int Import(CliContext& c);
int Reverse(CliContext& c);
int ClosePeriod(CliContext& c);

// The pooled fund (cli_fund.cpp).
int Demo(CliContext& c);
int FundSetup(CliContext& c);
int FundStatus(CliContext& c);

// Reports and exports (cli_reports.cpp).
int Report(CliContext& c);
int ExportAudit(CliContext& c);
int ExportJournal(CliContext& c);

// The server and its users (cli_users.cpp).
int Serve(CliContext& c);
int UserAdd(CliContext& c);
int UserToken(CliContext& c);
int UserRevoke(CliContext& c);
int UserDisable(CliContext& c);
int UserList(CliContext& c);
int UserDemo(CliContext& c);

}  // namespace poolbook::api::cli

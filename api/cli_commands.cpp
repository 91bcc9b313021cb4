#include "api/cli_commands.h"

#include "api/cli_handlers.h"

namespace poolbook::api {

const char* const kUsage =
    "usage: poolbook [--db CONNECTION] [--user NAME] COMMAND ...\n"
    "\n"
    "commands:\n"
    "  init                                   create the ledger (or check it is ready)\n"
    "  demo                                   build the demo pooled fund (FY 2025-26) and print its trial "
    "balance\n"
    "  fund setup FILE                        set the pooled fund up from its description "
    "(config/example-fund.json)\n"
    "  fund status [--date YYYY-MM-DD]        the fund's figures as JSON: partners, contributions, lines, "
    "risk share\n"
    "  partner add CODE NAME                  register a partner (an ICB, a council, ...)\n"
    "  partner close CODE                     close a partner whose balances are all zero\n"
    "  partner list\n"
    "  account open NAME TYPE                 open an account; TYPE: asset liability income expense equity\n"
    "  account close NAME                     close an account whose balances are all zero\n"
    "  account list\n"
    "  post [FILE]                            post one entry given as JSON (FILE or standard input)\n"
    "  import FILE [--create-accounts]        import entries from CSV\n"
    "  show ENTRY_ID                          print one entry as JSON\n"
    "  balance ACCOUNT [--partner CODE] [--book BOOK]\n"
    "  trial-balance [--book BOOK] [--format text|csv|json]\n"
    "  reverse ENTRY_ID --reason TEXT [--key KEY] [--date YYYY-MM-DD]\n"
    "  close-period YYYY-MM                   close every period up to and including this month\n"
    "  verify                                 check the hash chain, every entry and every balance\n"
    "  report list                            the reports there are\n"
    "  report NAME [--from YYYY-MM] [--to YYYY-MM] [--as-at DATE|TIME] [--person P] [--cursor P]\n"
    "              [--limit N] [--format text|json|csv] [--table T]\n"
    "                                         a report (default: the fund's year, as recorded now)\n"
    "  export audit --out FILE                the whole journal as CSV, with FILE.manifest.json beside it\n"
    "  export journal --out FILE              the journal for hledger or ledger-cli\n"
    "  serve [--config FILE] [--port N]       run the HTTP API (config/poolbook.json; POOLBOOK_* overrides)\n"
    "  user add NAME ROLE                     create an API user and print their first token (shown once);\n"
    "                                         ROLE: finance_officer lead_budget_holder commissioner auditor "
    "admin\n"
    "  user token NAME [--label TEXT]         issue another token for a user (shown once)\n"
    "  user revoke TOKEN_ID                   revoke a token\n"
    "  user disable NAME                      disable a user and revoke their tokens\n"
    "  user list\n"
    "  user demo [--port N]                   a demo user and fresh token for every role, with a curl "
    "example\n"
    "\n"
    "--db takes an SQLite file path (default poolbook.db) or sqlite3://db=FILE.\n"
    "--user names who posts (default: $POOLBOOK_USER, else $USER, else \"cli\").\n";

const std::vector<const char*>& GlobalOptions() {
  static const std::vector<const char*> kGlobal = {"--db", "--user"};
  return kGlobal;
}

const std::vector<CommandSpec>& Commands() {
  // The server's configuration is read by serve and by every user command (the database it names).
  static const std::vector<CommandSpec> kCommands = {
      {"init", {}, {}, {}, {}, cli::Init},
      {"demo", {}, {}, {}, {}, cli::Demo},
      {"fund setup", {"FILE"}, {}, {}, {}, cli::FundSetup},
      {"fund status", {}, {"--date"}, {}, {}, cli::FundStatus},
      {"partner add", {"CODE", "NAME"}, {}, {}, {}, cli::PartnerAdd},
      {"partner close", {"CODE"}, {}, {}, {}, cli::PartnerClose},
      {"partner list", {}, {}, {}, {}, cli::PartnerList},
      {"account open", {"NAME", "TYPE"}, {}, {}, {}, cli::AccountOpen},
      {"account close", {"NAME"}, {}, {}, {}, cli::AccountClose},
      {"account list", {}, {}, {}, {}, cli::AccountList},
      {"post", {"FILE?"}, {}, {}, {}, cli::Post},
      {"import", {"FILE"}, {}, {"--create-accounts"}, {}, cli::Import},
      {"show", {"ENTRY_ID"}, {}, {}, {}, cli::Show},
      {"balance", {"ACCOUNT"}, {"--partner", "--book"}, {}, {}, cli::Balance},
      {"trial-balance", {}, {"--book", "--format"}, {}, {}, cli::TrialBalance},
      {"reverse", {"ENTRY_ID"}, {"--reason", "--key", "--date"}, {}, {"--reason"}, cli::Reverse},
      {"close-period", {"PERIOD"}, {}, {}, {}, cli::ClosePeriod},
      {"verify", {}, {}, {}, {}, cli::Verify},
      {"report",
       {"NAME"},
       {"--from", "--to", "--as-at", "--person", "--cursor", "--limit", "--format", "--table"},
       {},
       {},
       cli::Report},
      {"export audit", {}, {"--out"}, {}, {"--out"}, cli::ExportAudit},
      {"export journal", {}, {"--out"}, {}, {"--out"}, cli::ExportJournal},
      {"serve", {}, {"--config", "--port"}, {}, {}, cli::Serve},
      {"user add", {"NAME", "ROLE"}, {"--config", "--port", "--label"}, {}, {}, cli::UserAdd},
      {"user token", {"NAME"}, {"--config", "--port", "--label"}, {}, {}, cli::UserToken},
      {"user revoke", {"TOKEN_ID"}, {"--config", "--port"}, {}, {}, cli::UserRevoke},
      {"user disable", {"NAME"}, {"--config", "--port"}, {}, {}, cli::UserDisable},
      {"user list", {}, {"--config", "--port"}, {}, {}, cli::UserList},
      {"user demo", {}, {"--config", "--port"}, {}, {}, cli::UserDemo},
  };
  return kCommands;
}

}  // namespace poolbook::api
